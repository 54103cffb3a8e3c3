import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { buildSync } from 'esbuild';
import { healthProbeBudget } from '../../lambda/health-probe/contract';
import { bundleHandler, handlerBuildOptions, RUNTIME_PROVIDED_MODULES } from '../../lib/constructs/common/lambda-bundle';
import { PlatformFunction } from '../../lib/constructs/common/platform-function';
import { lambdaFunctions } from '../../scripts/lambda-functions';
import { cdkJsonContext } from '../../scripts/support/cdk-context';
import { testStack } from '../support/fixtures';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const handlers = lambdaFunctions(path.join(REPO_ROOT, 'lambda')).map((f) => f.dir);
const props = (stage: string) => ({
  stage,
  handlerDir: 'health-probe',
  description: 'test',
  logRetention: logs.RetentionDays.ONE_WEEK,
  timeBudget: healthProbeBudget(3, 5_000),
});

/** Two stages' stacks, each with the health probe, synthesized with bundling on (as `cdk synth` does). */
function synthTwoStages() {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': ['**'] } });
  const stacks = ['dev', 'staging'].map((stage) => {
    const stack = testStack(app, `${stage}-probe`);
    new PlatformFunction(stack, 'Probe', props(stage));
    return stack;
  });
  const assembly = app.synth();
  const functionsOf = (stackName: string) => {
    const resources = assembly.getStackByName(stackName).template.Resources as Record<
      string,
      { Type: string; Properties: { Code?: { S3Key?: string }; Runtime?: string; Handler?: string } }
    >;
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => r.Properties);
  };
  const codeOf = (stackName: string) => functionsOf(stackName).map((p) => p.Code?.S3Key);
  return { assembly, functions: functionsOf(stacks[0].stackName), dev: codeOf(stacks[0].stackName), staging: codeOf(stacks[1].stackName) };
}

/** Package names a bundle's inputs come from (`node_modules/<name>/...`). */
function bundledPackages(handlerDir: string): Set<string> {
  return new Set(
    Object.keys(bundleHandler(handlerDir).metafile.inputs).flatMap(
      (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? [],
    ),
  );
}

/** Optional peers their packages load only when asked, inside try/catch: pg's native binding. esbuild leaves them as plain requires. */
const OPTIONAL_PEERS = ['pg-native'];

/** The goal for every bundle: 150 KB minified (issue 17). */
const BUNDLE_LIMIT_BYTES = 150_000;
/** The cache handlers speak RESP through one small client over redis-parser (lambda/shared/redis-client.ts). */
const CACHE_HANDLERS = ['cache-snapshot', 'restore-test/cache/verify'];
const REDIS_PACKAGES = ['redis', 'ioredis', 'iovalkey'];

/** Modules a bundle leaves to the runtime: the bare imports esbuild marked external. */
function externalImports(handlerDir: string): string[] {
  return Object.values(bundleHandler(handlerDir).metafile.outputs).flatMap((output) =>
    output.imports.filter((i) => i.external).map((i) => i.path),
  );
}

describe('one bundle per handler', () => {
  it('finds every handler folder under lambda/', () => {
    expect(handlers).toEqual(expect.arrayContaining(['health-probe', 'cache-snapshot', 'restore-test/cache/verify']));
    expect(handlers.length).toBeGreaterThanOrEqual(20);
  });

  it("two stages' functions of one handler share one asset, bundled once", () => {
    const { assembly, dev, staging } = synthTwoStages();
    expect(dev).toHaveLength(1);
    expect(dev).toEqual(staging);
    const assetDirs = readdirSync(assembly.directory).filter((f) => f.startsWith('asset.'));
    expect(assetDirs).toEqual([`asset.${dev[0]!.replace(/\.zip$/, '')}`]);
    expect(readdirSync(path.join(assembly.directory, assetDirs[0])).sort()).toEqual(['index.js', 'index.js.map']);
  });

  it('runs the bundle on Node.js 24, the runtime that provides the SDK left out', () => {
    expect(synthTwoStages().functions.map((p) => [p.Runtime, p.Handler])).toEqual([['nodejs24.x', 'index.handler']]);
  });

  it('the asset hash is the same in a second app', () => {
    expect(synthTwoStages().dev).toEqual(synthTwoStages().dev);
  });

  it('bundles a handler once per process', () => {
    expect(bundleHandler('health-probe')).toBe(bundleHandler('health-probe'));
  });

  it('esbuild gives the same bytes on a rebuild, with no path of this checkout in them', () => {
    const again = buildSync(handlerBuildOptions('health-probe')).outputFiles;
    const files = bundleHandler('health-probe').files;
    expect(again.map((f) => path.basename(f.path)).sort()).toEqual([...files.keys()].sort());
    for (const file of again) expect(Buffer.from(file.contents).equals(Buffer.from(files.get(path.basename(file.path))!))).toBe(true);
    const text = [...files.values()].map((contents) => Buffer.from(contents).toString('utf8')).join('\n');
    expect(text).not.toContain(REPO_ROOT);
    const map = JSON.parse(Buffer.from(files.get('index.js.map')!).toString('utf8')) as { sources: string[] };
    expect(map.sources).toContain('index.ts');
    expect(map.sources.filter((s) => path.isAbsolute(s))).toEqual([]);
  });
});

describe('what goes into the bundles', () => {
  it('leaves the AWS SDK v3 (and Smithy) to the Node.js 24 runtime', () => {
    expect(RUNTIME_PROVIDED_MODULES).toEqual(['@aws-sdk/*', '@smithy/*']);
    expect(handlerBuildOptions('health-probe').external).toEqual(['@aws-sdk/*', '@smithy/*']);
  });

  it.each(handlers)('%s: no AWS SDK inside, no Redis client package, nothing else left out, within 150 KB', (handlerDir) => {
    const packages = [...bundledPackages(handlerDir)];
    expect(packages.filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/'))).toEqual([]);
    expect(packages.filter((p) => REDIS_PACKAGES.includes(p) || p.startsWith('@redis/') || p.startsWith('@iovalkey/'))).toEqual([]);
    expect(
      externalImports(handlerDir).filter(
        (i) => !/^(@aws-sdk|@smithy)\//.test(i) && !i.startsWith('node:') && !isBuiltin(i) && !OPTIONAL_PEERS.includes(i),
      ),
    ).toEqual([]);
    expect(bundleHandler(handlerDir).files.get('index.js')!.byteLength).toBeLessThanOrEqual(BUNDLE_LIMIT_BYTES);
  });

  it('the SDK clients a handler imports are required from the runtime', () => {
    expect(externalImports('config-backup')).toEqual(expect.arrayContaining([expect.stringMatching(/^@aws-sdk\/client-/)]));
    // Both homes of the SDK's retry strategy, whichever the runtime's SDK has (lambda/shared/retry.ts).
    expect(externalImports('config-backup')).toEqual(expect.arrayContaining(['@smithy/core/retry', '@smithy/util-retry']));
  });

  it('the cache handlers bundle redis-parser, no other handler does, and no full Redis client is a dependency', () => {
    for (const handlerDir of handlers)
      expect([handlerDir, bundledPackages(handlerDir).has('redis-parser')]).toEqual([handlerDir, CACHE_HANDLERS.includes(handlerDir)]);
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).filter((d) => REDIS_PACKAGES.includes(d) || d.startsWith('@redis/'))).toEqual([]);
  });
});

function isBuiltin(name: string): boolean {
  return require('node:module').builtinModules.includes(name);
}
