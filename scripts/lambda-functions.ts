import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The functions under lambda/: every folder holding an index.ts, at any depth (workflows nest their
 * steps, lambda/restore-test/db/start). A function's name is its folder below lambda/ with '-' for
 * '/' (restore-test-db-start): PlatformFunction sets it as POWERTOOLS_SERVICE_NAME, and the IAM
 * contract records and the bench use it.
 */
export interface LambdaFunction {
  /** restore-test-db-start */
  readonly name: string;
  /** Folder below lambda/, with '/': restore-test/db/start */
  readonly dir: string;
}

export const functionName = (dir: string): string => dir.split('/').join('-');

/** Every function under `lambdaRoot`, sorted by folder. */
export function lambdaFunctions(lambdaRoot: string): LambdaFunction[] {
  return fs
    .readdirSync(lambdaRoot, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'index.ts')
    .map((file) => path.dirname(file).split(path.sep).join('/'))
    .sort()
    .map((dir) => ({ name: functionName(dir), dir }));
}

/** The function whose folder holds `file` (the deepest folder with an index.ts), if any. */
export function functionOfFile(lambdaRoot: string, file: string): LambdaFunction | undefined {
  const rel = path.relative(lambdaRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = path
    .dirname(rel)
    .split(path.sep)
    .filter((p) => p !== '.');
  for (let n = parts.length; n > 0; n--) {
    const dir = parts.slice(0, n).join('/');
    if (fs.existsSync(path.join(lambdaRoot, dir, 'index.ts'))) return { name: functionName(dir), dir };
  }
  return undefined;
}
