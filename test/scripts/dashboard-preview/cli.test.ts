import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main, PREVIEW_DIR, previewOptions } from '../../../scripts/dashboard-preview';

const DASHBOARD_BODY = JSON.stringify({
  widgets: [{ type: 'text', x: 0, y: 0, width: 24, height: 2, properties: { markdown: '# prod: stage health' } }],
});
const TEMPLATE = {
  Resources: {
    Dashboard: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardName: 'prod-overview', DashboardBody: DASHBOARD_BODY } },
  },
};

/** A cloud assembly with the stage's monitoring template, as `cdk synth` writes it. */
function writeAssembly(dir: string, stage: string): void {
  mkdirSync(dir, { recursive: true });
  const stackName = `${stage}-monitoring`;
  writeFileSync(path.join(dir, `${stackName}.template.json`), JSON.stringify(TEMPLATE));
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      artifacts: {
        [stackName]: { type: 'aws:cloudformation:stack', properties: { templateFile: `${stackName}.template.json`, stackName } },
      },
    }),
  );
}

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'dashboard-cli-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

async function run(args: string[], deps: Parameters<typeof main>[2] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const shots: string[] = [];
  const code = await main(
    args,
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    {
      cwd,
      screenshot: (_html, png) => {
        shots.push(png);
        writeFileSync(png, 'png');
      },
      ...deps,
    },
  );
  return { code, out: out.join('\n'), err: err.join('\n'), shots };
}

describe('options', () => {
  it('writes to the ignored preview folder by default, to docs/ only when asked', () => {
    expect(previewOptions({ stage: 'prod' })).toEqual({
      stage: 'prod',
      template: 'cdk.out/prod-monitoring.template.json',
      out: `${PREVIEW_DIR}/dashboard-prod.png`,
      fromAssembly: true,
      skipSynth: false,
    });
    expect(previewOptions({ stage: 'prod', 'refresh-docs': true }).out).toBe('docs/dashboard-prod.png');
    expect(previewOptions({ stage: 'dev', template: 't.json', out: 'x.png' })).toMatchObject({
      template: 't.json',
      out: 'x.png',
      fromAssembly: false,
    });
  });

  it('keeps the preview folder out of git', () => {
    const ignored = readFileSync(path.join(__dirname, '..', '..', '..', '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain(`${PREVIEW_DIR}/`);
  });
});

it('answers --help with the usage, exit 0', async () => {
  const { code, out } = await run(['--help']);
  expect(code).toBe(0);
  expect(out).toContain('Usage: npm run dashboard -- --stage <stage> [--refresh-docs | --out <png>]');
});

it('rejects an unknown stage listing the known ones, exit 2, without synthesizing', async () => {
  const synthesize = jest.fn();
  const { code, err } = await run(['--stage', 'production'], { synthesize });
  expect(code).toBe(2);
  expect(err).toContain('unknown stage "production"; known stages: dev, staging, prod');
  expect(synthesize).not.toHaveBeenCalled();
  expect((await run(['--stage', 'prod', '--out', 'a.png', '--refresh-docs'])).err).toContain('--out and --refresh-docs exclude each other');
});

it('synthesizes a missing cdk.out itself, then draws into .preview/, leaving docs/ alone', async () => {
  const synthesize = jest.fn((dir: string) => writeAssembly(dir, 'prod'));
  const { code, out, err, shots } = await run(['--stage', 'prod'], { synthesize });
  expect(code).toBe(0);
  expect(synthesize).toHaveBeenCalledWith(path.join(cwd, 'cdk.out'));
  expect(err).toContain(`[prod] synthesizing (${path.join(cwd, 'cdk.out')} has no cloud assembly yet)…`);
  expect(err).toContain('[prod] drawing 1 widgets of prod-overview…');
  expect(shots).toEqual([path.join(cwd, PREVIEW_DIR, 'dashboard-prod.png')]);
  expect(out).toBe(`Wrote ${PREVIEW_DIR}/dashboard-prod.png (1 widgets of prod-overview, 1600×${out.match(/×(\d+)/)?.[1]} px)`);
  expect(existsSync(path.join(cwd, 'docs'))).toBe(false);
});

it('refreshes the checked-in picture with --refresh-docs', async () => {
  writeAssembly(path.join(cwd, 'cdk.out'), 'prod');
  const { code, shots } = await run(['--stage', 'prod', '--refresh-docs'], { synthesize: jest.fn() });
  expect(code).toBe(0);
  expect(shots).toEqual([path.join(cwd, 'docs', 'dashboard-prod.png')]);
});

it('says plainly when the synth fails', async () => {
  const { code, err } = await run(['--stage', 'prod'], {
    synthesize: () => {
      throw new Error('could not synthesize the app (`npx cdk synth --quiet -c allowPlaceholderImages=true` exited 1).');
    },
  });
  expect(code).toBe(1);
  expect(err).toContain('could not synthesize the app');
});
