/**
 * The committed record of the AWS calls a test file saw a handler send (test/support/aws-call-recorder.ts
 * writes it, test/stacks/iam-contract.test.ts reads it). Values the test configured through the
 * environment are written as `${NAME}`, so the contract test can put in the stage's own value
 * (the function's environment in the template) for each.
 */
import * as path from 'node:path';
import type { RecordedCall } from '../../scripts/iam/contract';

export type { RecordedCall };

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
const PAYLOAD = new Set([
  'Body',
  'Message',
  'MessageBody',
  'SecretString',
  'SecretBinary',
  'Value',
  'Metadata',
  'Tagging',
  'MasterUserPassword',
  'AuthToken',
  'ClientRequestToken',
  'clientToken',
  'startedBy',
  'overrides',
  'reason',
]);
/** Members holding `{ Key, Value }` tags: their values are kept, as tag conditions read them. */
const TAG_LISTS = new Set(['Tags', 'TagList']);
/**
 * Accounts and the region tests write into ARNs and clients for "the function's own": recorded as
 * `${ACCOUNT}` and `${AWS_REGION}`, so each stage evaluates them as its own account and region.
 */
const TEST_ACCOUNTS = ['111111111111', '123456789012'];
const TEST_REGION = 'eu-west-1';
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

function normalize(value: unknown, values: Array<[string, string]>, tags = false): unknown {
  if (typeof value === 'string') return replaceAll(value, values);
  if (value instanceof Date) return '<date>';
  if (value instanceof Uint8Array) return '<bytes>';
  if (Array.isArray(value)) return value.map((v) => normalize(v, values, tags));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => v !== undefined && (!PAYLOAD.has(k) || (tags && k === 'Value')))
        .map(([k, v]) => [k, normalize(v, values, TAG_LISTS.has(k))]),
    );
  }
  return value;
}

/** Environment values (longest first), then the test account and region where no variable holds them. */
function symbols(env: Record<string, string>): Array<[string, string]> {
  const values = Object.entries(env)
    .filter(([k, v]) => usable(v) && !NOT_CONFIGURATION.test(k))
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const taken = new Set(values.map(([, v]) => v));
  const own: Array<[string, string]> = [...TEST_ACCOUNTS.map((a): [string, string] => ['ACCOUNT', a]), ['AWS_REGION', TEST_REGION]];
  return [...values, ...own.filter(([, v]) => !taken.has(v))];
}

/** A literal as a record holds it (a fixture value a test passed in another way than the environment). */
export function symbolizeText(text: string, env: Record<string, string> = {}): string {
  return replaceAll(text, symbols(env));
}

/** A call as recorded: environment values as `${NAME}` (longest value first), payloads left out, tag values kept. */
export function symbolize(
  call: { client: string; command: string; input: unknown; region?: string; resourceTags?: Record<string, Record<string, string>> },
  env: Record<string, string>,
): RecordedCall {
  const values = symbols(env);
  const region = call.region === undefined ? undefined : replaceAll(call.region, values);
  const resourceTags =
    call.resourceTags && Object.keys(call.resourceTags).length
      ? Object.fromEntries(
          Object.entries(call.resourceTags).map(([resource, tags]) => [
            replaceAll(resource, values),
            normalize(tags, values) as Record<string, string>,
          ]),
        )
      : undefined;
  return {
    client: call.client,
    command: call.command,
    input: normalize(call.input ?? {}, values),
    ...(region ? { region } : {}),
    ...(resourceTags ? { resourceTags } : {}),
  };
}

type Tag = { Key?: string; Value?: string };
const asTags = (list: unknown): Record<string, string> =>
  Object.fromEntries((list as Tag[]).filter((t) => typeof t?.Key === 'string').map((t) => [t.Key as string, String(t.Value ?? '')]));

/**
 * The tags a response shows on resources: a ListTagsForResource answer (on the request's
 * ResourceName), and every described RDS instance or snapshot that carries a TagList.
 */
export function tagsInResponse(input: unknown, output: unknown): Record<string, Record<string, string>> {
  const found: Record<string, Record<string, string>> = {};
  const request = (input ?? {}) as Record<string, unknown>;
  const visit = (node: unknown, top: boolean): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, false);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (Array.isArray(o.TagList)) {
      const key =
        top && typeof request.ResourceName === 'string'
          ? request.ResourceName
          : typeof o.DBInstanceArn === 'string'
            ? o.DBInstanceArn
            : typeof o.DBSnapshotArn === 'string'
              ? o.DBSnapshotArn
              : typeof o.DBInstanceIdentifier === 'string' && !('DBSnapshotIdentifier' in o)
                ? `rds:db:${o.DBInstanceIdentifier}`
                : typeof o.DBSnapshotIdentifier === 'string'
                  ? `rds:snapshot:${o.DBSnapshotIdentifier}`
                  : undefined;
      if (key) found[key] = asTags(o.TagList);
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'TagList' && v && typeof v === 'object') visit(v, false);
  };
  visit(output, true);
  return found;
}

/**
 * The calls of a record, one per shape (the same call but for digits, as a loop over numbered
 * snapshots sends), the smallest example of each, in a stable order. The tags the answers showed
 * are pooled over each shape and kept for the resources some kept call names (a delete on page 2
 * still finds the tags page 1 showed for its snapshot).
 */
export function distinctCalls(calls: readonly RecordedCall[]): RecordedCall[] {
  const byShape = new Map<string, { text: string; tags: Record<string, Record<string, string>> }>();
  for (const { resourceTags, ...request } of calls) {
    const text = JSON.stringify(request);
    const shape = text.replace(/\d+/g, '#');
    const kept = byShape.get(shape) ?? { text, tags: {} };
    if (text < kept.text) kept.text = text;
    Object.assign(kept.tags, resourceTags ?? {});
    byShape.set(shape, kept);
  }
  const kept = [...byShape.values()].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const named = kept.map((k) => k.text).join('\n');
  return kept.map(({ text, tags }) => {
    const shown = Object.entries(tags)
      .filter(([resource]) => named.includes(resource.split(':').pop() as string))
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    return { ...(JSON.parse(text) as RecordedCall), ...(shown.length ? { resourceTags: Object.fromEntries(shown) } : {}) };
  });
}

export function sameRecords(a: CallRecord, b: CallRecord): boolean {
  return JSON.stringify(a.calls) === JSON.stringify(b.calls);
}
