import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';

/*
 * The toolchain in one place: Node 24 for the Lambdas, CI and developers (.nvmrc), its types, and
 * an `engines` range that states what is actually tested, which includes the Node 20 of the
 * machines that run `.ci/run` today.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};

describe('Node versions', () => {
  it('.nvmrc names Node 24, the Lambda runtime and CI version', () => {
    expect(read('.nvmrc').trim()).toBe('24');
  });

  it("@types/node is Node 24's", () => {
    expect(manifest.devDependencies['@types/node']).toMatch(/^24\.\d+\.\d+$/);
  });

  it('engines is a lower bound that the Node running these tests meets', () => {
    const bound = /^>=(\d+)\.(\d+)$/.exec(manifest.engines.node);
    expect(bound).not.toBeNull();
    const [major, minor] = process.versions.node.split('.').map(Number);
    const [wantMajor, wantMinor] = [Number(bound![1]), Number(bound![2])];
    expect(major > wantMajor || (major === wantMajor && minor >= wantMinor)).toBe(true);
  });
});

interface DependabotUpdate {
  readonly 'package-ecosystem': string;
  readonly directory: string;
  readonly schedule: { readonly interval: string };
  readonly groups?: Record<string, { readonly patterns?: string[] }>;
  readonly ignore?: Array<{ readonly 'dependency-name': string; readonly 'update-types'?: string[] }>;
}

describe('Dependabot', () => {
  const config = load(read('.github/dependabot.yml')) as { version: number; updates: DependabotUpdate[] };
  const update = (ecosystem: string) => config.updates.find((u) => u['package-ecosystem'] === ecosystem);

  it('updates npm packages and GitHub Actions weekly, at the repository root', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => [u['package-ecosystem'], u.directory, u.schedule.interval])).toEqual([
      ['npm', '/', 'weekly'],
      ['github-actions', '/', 'weekly'],
    ]);
  });

  it('groups the AWS SDK clients, the CDK and Powertools, and every group names packages this project has', () => {
    const groups = update('npm')!.groups!;
    expect(groups['aws-sdk'].patterns).toEqual(['@aws-sdk/*']);
    expect(groups['aws-cdk'].patterns).toEqual(expect.arrayContaining(['aws-cdk-lib', 'aws-cdk']));
    expect(groups.powertools.patterns).toEqual(['@aws-lambda-powertools/*']);
    const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    const matches = (pattern: string) =>
      names.some((name) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name));
    for (const [group, { patterns = [] }] of Object.entries(groups))
      for (const pattern of patterns) expect({ group, pattern, matches: matches(pattern) }).toEqual({ group, pattern, matches: true });
  });

  it('holds back the majors that would break the build: the CLI (aws-cdk 3 cannot read this library) and Node types', () => {
    const ignored = update('npm')!.ignore!.map((i) => [i['dependency-name'], i['update-types']]);
    expect(ignored).toEqual(
      expect.arrayContaining([
        ['aws-cdk', ['version-update:semver-major']],
        ['@types/node', ['version-update:semver-major']],
      ]),
    );
  });
});
