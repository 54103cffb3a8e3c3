/**
 * The committed record of the AWS calls a test file saw a handler send (test/support/aws-call-recorder.ts
 * writes it, test/stacks/iam-contract.test.ts reads it). Values the test configured through the
 * environment are written as `${NAME}`, so the contract test can put in the stage's own value
 * (the function's environment in the template) for each.
 */
import * as path from 'node:path';

export interface RecordedCall {
  /** SDK client class, e.g. `S3Client`. */
  readonly client: string;
  /** SDK command class, e.g. `GetObjectCommand`. */
  readonly command: string;
  /** The request, with environment values as `${NAME}` and bodies left out. */
  readonly input: unknown;
  /** The client's region, as `${NAME}` when it came from the environment; absent: the function's own region. */
  readonly region?: string;
}

export interface CallRecord {
  readonly function: string;
  readonly testFile: string;
  readonly calls: RecordedCall[];
}

/** Folder of the committed records, relative to the repository. */
export const RECORD_DIR = path.join('test', 'iam-contract', 'calls');

/** `test/lambda/db-snapshot/index.test.ts` → `test-lambda-db-snapshot-index.test` (unique per test file). */
export function testFileKey(repo: string, testPath: string): string {
  return path.relative(repo, testPath).split(path.sep).join('-').replace(/\.ts$/, '');
}

export function recordFile(repo: string, fn: string, testPath: string): string {
  return path.join(repo, RECORD_DIR, fn, `${testFileKey(repo, testPath)}.json`);
}

/** Request members that carry data, not the resource: left out of the record. */
const PAYLOAD = new Set(['Body', 'Message', 'MessageBody', 'SecretString', 'SecretBinary', 'Value', 'Metadata', 'Tagging', 'MasterUserPassword', 'AuthToken', 'ClientRequestToken', 'clientToken', 'startedBy', 'overrides', 'reason']);
/** Variables that are the test runner's, never a handler's configuration. */
const NOT_CONFIGURATION = /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|POWERTOOLS_.*|NODE_.*|JEST_.*|TZ)$/;

/** Environment values too short or too common to stand for configuration. */
function usable(value: string): boolean {
  return value.length >= 3 && !/^(true|false|\d+)$/i.test(value);
}

function replaceAll(text: string, values: Array<[string, string]>): string {
  let out = text;
  for (const [name, value] of values) out = out.split(value).join(`\${${name}}`);
  return out;
}

function normalize(value: unknown, values: Array<[string, string]>): unknown {
  if (typeof value === 'string') return replaceAll(value, values);
  if (value instanceof Date) return '<date>';
  if (value instanceof Uint8Array) return '<bytes>';
  if (Array.isArray(value)) return value.map((v) => normalize(v, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => v !== undefined && !PAYLOAD.has(k))
        .map(([k, v]) => [k, normalize(v, values)]),
    );
  }
  return value;
}

/** A call as recorded: environment values as `${NAME}` (longest value first), payloads left out. */
export function symbolize(call: { client: string; command: string; input: unknown; region?: string }, env: Record<string, string>): RecordedCall {
  const values = Object.entries(env)
    .filter(([k, v]) => usable(v) && !NOT_CONFIGURATION.test(k))
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const region = call.region === undefined ? undefined : replaceAll(call.region, values);
  return { client: call.client, command: call.command, input: normalize(call.input ?? {}, values), ...(region ? { region } : {}) };
}

/**
 * The calls of a record, one per shape (the same call but for digits, as a loop over numbered
 * snapshots sends), the smallest example of each, in a stable order.
 */
export function distinctCalls(calls: readonly RecordedCall[]): RecordedCall[] {
  const byShape = new Map<string, string>();
  for (const call of calls) {
    const text = JSON.stringify(call);
    const shape = text.replace(/\d+/g, '#');
    const kept = byShape.get(shape);
    if (kept === undefined || text < kept) byShape.set(shape, text);
  }
  return [...byShape.values()].sort().map((t) => JSON.parse(t) as RecordedCall);
}

export function sameRecords(a: CallRecord, b: CallRecord): boolean {
  return JSON.stringify(a.calls) === JSON.stringify(b.calls);
}
