import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

/** Repository root, so entries resolve the same wherever the app is run from. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Modules the Node.js 24 Lambda runtime provides, left out of every bundle: the AWS SDK v3 and the
 * Smithy packages it is built on. A handler that needs a newer client than the runtime's would have
 * to bundle it on purpose.
 */
export const RUNTIME_PROVIDED_MODULES: readonly string[] = ['@aws-sdk/*', '@smithy/*'];

/** A handler's bundle: the files of its asset and what esbuild read to build them. */
export interface HandlerBundle {
  /** File name (index.js, index.js.map) to contents. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly metafile: Metafile;
}

/** The entry of a handler: `lambda/<handlerDir>/index.ts`. */
export function handlerEntry(handlerDir: string): string {
  return path.join(REPO_ROOT, 'lambda', handlerDir, 'index.ts');
}

/**
 * esbuild's options for one handler. The output is never written where `outfile` says: it only
 * fixes the source map's relative paths (`index.ts`, `../shared/...`), so the bundle, and with it
 * the asset hash, is the same wherever the repository or the cloud assembly lives.
 */
export function handlerBuildOptions(handlerDir: string): BuildOptions & { write: false; metafile: true } {
  return {
    absWorkingDir: REPO_ROOT,
    entryPoints: [handlerEntry(handlerDir)],
    outfile: path.join(REPO_ROOT, 'lambda', handlerDir, 'index.js'),
    bundle: true,
    minify: true,
    sourcemap: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    external: [...RUNTIME_PROVIDED_MODULES],
    write: false,
    metafile: true,
    logLevel: 'silent',
  };
}

const bundles = new Map<string, HandlerBundle>();

/**
 * Bundles a handler once per process: every stage's function of that handler reuses the result.
 * esbuild runs in-process (its JS API keeps one service), not as a child process per function.
 */
export function bundleHandler(handlerDir: string): HandlerBundle {
  const known = bundles.get(handlerDir);
  if (known) return known;
  const result = buildSync(handlerBuildOptions(handlerDir));
  if (result.errors.length > 0) throw new Error(`${handlerDir}: esbuild failed: ${result.errors.map((e) => e.text).join('; ')}`);
  const bundle: HandlerBundle = {
    files: new Map(result.outputFiles.map((file) => [path.basename(file.path), file.contents])),
    metafile: result.metafile,
  };
  bundles.set(handlerDir, bundle);
  return bundle;
}

/**
 * The code of a handler as a Lambda asset. The asset is hashed by its output, so functions of the
 * same handler share one asset across stages and a rerun gives the same hash. The bundling runs
 * locally, only for stacks being bundled (tests skip it); the Docker image is a required field
 * that is never used.
 */
export function handlerCode(handlerDir: string): lambda.Code {
  return lambda.Code.fromAsset(path.join(REPO_ROOT, 'lambda', handlerDir), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('local-esbuild-only'),
      local: {
        tryBundle(outputDir: string): boolean {
          mkdirSync(outputDir, { recursive: true });
          for (const [name, contents] of bundleHandler(handlerDir).files) writeFileSync(path.join(outputDir, name), contents);
          return true;
        },
      },
    },
  });
}
