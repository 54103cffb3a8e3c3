import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { main } from '../../scripts/nag-report';

/** A stage of one stack with one queue: unencrypted-at-rest rules aside, small enough to check fast. */
function fakeSynth() {
  const app = new App();
  const stack = new Stack(app, 'dev-ops');
  new sqs.Queue(stack, 'Queue');
  return { stages: new Map([['dev', { ops: stack }]]) } as never;
}

async function run(args: string[], synth = jest.fn(fakeSynth)) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { synth });
  return { code, out: out.join('\n'), err: err.join('\n'), synth };
}

it('--help prints the usage, exit 0, without synthesizing', async () => {
  const { code, out, synth } = await run(['-h']);
  expect(code).toBe(0);
  expect(out).toContain('Usage: npm run nag-report -- [--stage <stage>] [--rules]');
  expect(synth).not.toHaveBeenCalled();
});

it('an unknown stage lists the known ones, exit 2, without synthesizing', async () => {
  const { code, err, synth } = await run(['--stage', 'qa']);
  expect(code).toBe(2);
  expect(err).toContain('unknown stage "qa"; known stages: dev, staging, prod');
  expect(synth).not.toHaveBeenCalled();
  expect((await run(['--verbose'])).code).toBe(2);
});

it('synthesizes only the chosen stage and prints the table on stdout, progress on stderr', async () => {
  const { code, out, err, synth } = await run(['--stage', 'dev']);
  expect(code).toBe(0);
  expect(synth.mock.calls).toEqual([[{ stage: 'dev' }]]);
  expect(out.split('\n')[0]).toBe('stage    pack          open  acknowledged  rules acknowledged');
  expect(out).toMatch(/^dev {6}AwsSolutions {3}\s+\d+\s+\d+\s+\d+$/m);
  expect(out).toContain('  open: dev-ops/Queue/Resource: ');
  expect(err).toContain('[dev] synthesizing in memory…');
  expect(err).toContain('[dev] checking NIST 800-53 r5…');
});
