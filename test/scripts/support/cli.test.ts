import { CliError, progress, runCli, UsageError } from '../../../scripts/support/cli';

const USAGE = `Usage: tool --stage <stage> [--fast]

Does one thing.

Options:
  --fast   faster`;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

const spec = { usage: USAGE, options: { stage: { type: 'string' }, fast: { type: 'boolean' } } } as const;

it('prints the whole help on stdout for --help and -h without running the body', async () => {
  for (const flag of ['--help', '-h']) {
    const { out, err, io: sink } = io();
    const body = jest.fn(() => 0);
    expect(await runCli(spec, [flag], sink, body)).toBe(0);
    expect(out).toEqual([USAGE]);
    expect(err).toEqual([]);
    expect(body).not.toHaveBeenCalled();
  }
});

it('answers an unknown option or a stray argument with the problem and the usage lines, exit 2', async () => {
  const { err, io: sink } = io();
  expect(await runCli(spec, ['--slow'], sink, () => 0)).toBe(2);
  expect(err[0]).toMatch(/^Unknown option '--slow'/);
  expect(err[0]).toContain('Usage: tool --stage <stage> [--fast]\nRun with --help for every option.');
  expect(err[0]).not.toContain('Does one thing');
  expect(await runCli(spec, ['extra'], sink, () => 0)).toBe(2);
});

it('maps UsageError to 2, CliError to its code, and other errors to 1, message only', async () => {
  const { err, io: sink } = io();
  expect(
    await runCli(spec, [], sink, () => {
      throw new UsageError('say which stage');
    }),
  ).toBe(2);
  expect(
    await runCli(spec, [], sink, async () => {
      throw new CliError('no AWS credentials', 1);
    }),
  ).toBe(1);
  expect(
    await runCli(spec, [], sink, () => {
      throw new Error('boom');
    }),
  ).toBe(1);
  expect(err.map((e) => e.split('\n')[0])).toEqual(['say which stage', 'no AWS credentials', 'boom']);
});

it('passes the parsed values to the body and returns its code', async () => {
  const { io: sink } = io();
  expect(await runCli(spec, ['--stage', 'dev', '--fast'], sink, ({ values }) => (values.fast && values.stage === 'dev' ? 7 : 0))).toBe(7);
});

it('writes progress to stderr, prefixed by the stage', () => {
  const { out, err, io: sink } = io();
  progress(sink, 'prod')('synthesizing…');
  progress(sink, undefined)('done');
  expect(err).toEqual(['[prod] synthesizing…', 'done']);
  expect(out).toEqual([]);
});
