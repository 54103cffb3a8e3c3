/**
 * Records every AWS call a handler sends in its tests, for the IAM contract test
 * (test/stacks/iam-contract.test.ts). Loaded by jest (setupFilesAfterEnv) into every test file:
 * it wraps aws-sdk-client-mock's `mockClient` so each stub notes, at the moment of the call, the
 * command, its input, the client's region, the tags the (mocked) answer shows on resources, and the
 * environment the test gave the handler: the variables it set in process.env, or the object it
 * passed to the handler (seen where the handler reads it, lambda/shared/env.ts). The calls are attributed to the function whose `lambda/<function>/` code sent them (from the call
 * stack, else the test's folder). At the end of the file they are compared with the file's
 * committed record (test/iam-contract/calls/<function>/<test file>.json): a call the record lacks,
 * or one no longer sent, fails the file and rewrites the record, so the contract test always
 * evaluates what the handlers really send, whatever order jest runs the files in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { functionOfFile } from '../../scripts/lambda-functions';
import {
  type CallRecord,
  distinctCalls,
  RECORD_DIR,
  type RecordedCall,
  recordFile,
  sameRecords,
  symbolize,
  tagsInResponse,
  testFileKey,
} from './aws-call-record';

const REPO = path.resolve(__dirname, '..', '..');
const LAMBDA = path.join(REPO, 'lambda');

/** Environment before the test file set anything: values from here are not the handler's configuration. */
const BASELINE = { ...process.env };

interface Pending {
  readonly fn: string;
  readonly client: { config?: { region?: unknown } };
  readonly clientName: string;
  readonly command: string;
  readonly input: unknown;
  readonly env: Record<string, string>;
  resourceTags?: Record<string, Record<string, string>>;
}

const pending: Pending[] = [];
/** Answers still to be read for the tags they show. */
const answers: Array<Promise<unknown>> = [];

/** The first function whose code is on the call stack (shared code is no function: its caller is). */
function functionFromStack(stack: string): string | undefined {
  for (const match of stack.matchAll(/([^\s()]+\.ts):\d+:\d+/g)) {
    const fn = functionOfFile(LAMBDA, match[1]);
    if (fn) return fn.name;
  }
  return undefined;
}

/** The function a test under test/lambda/ mirrors. */
function functionFromTestPath(testPath: string): string | undefined {
  const rel = path.relative(path.join(REPO, 'test', 'lambda'), testPath);
  return rel.startsWith('..') ? undefined : functionOfFile(LAMBDA, path.join(LAMBDA, rel))?.name;
}

/** The handler's configuration: variables the test set (or changed) since the file started. */
function testEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string' && BASELINE[e[0]] !== e[1]),
  );
}

function callStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack;
}

/** The environment object each function last read its configuration from, when a test passed one in. */
const givenEnvironment = new Map<string, Record<string, string>>();

// Handlers read their configuration with readEnvironment(names, source); tests often pass `source`
// (createHandler({ env })) instead of setting process.env. Note it, so its values are recorded as `${NAME}` too.
jest.mock('../../lambda/shared/env', () => {
  const actual = jest.requireActual<typeof import('../../lambda/shared/env')>('../../lambda/shared/env');
  return {
    ...actual,
    readEnvironment: (names: readonly string[], source?: Record<string, string | undefined>) => {
      const fn = source && source !== process.env ? functionFromStack(callStack()) : undefined;
      if (fn && source)
        givenEnvironment.set(fn, Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string')));
      return actual.readEnvironment(names, source);
    },
  };
});

type SinonProxy = { invoke: (func: unknown, thisValue: unknown, args: unknown[]) => unknown; __recorded?: boolean };
type Stub = { send: SinonProxy; reset: () => unknown };

function watch(send: SinonProxy): void {
  if (send.__recorded) return;
  const invoke = send.invoke;
  send.invoke = function (this: SinonProxy, func, thisValue, args) {
    const command = args[0] as { constructor: { name: string }; input?: unknown } | undefined;
    const fn = functionFromStack(callStack()) ?? functionFromTestPath(expect.getState().testPath ?? '');
    let entry: Pending | undefined;
    if (fn && command) {
      const client = thisValue as Pending['client'];
      const env = { ...testEnvironment(), ...(givenEnvironment.get(fn) ?? {}) };
      entry = {
        fn,
        client,
        clientName: (thisValue as object).constructor.name,
        command: command.constructor.name,
        input: structuredClone(command.input),
        env,
      };
      pending.push(entry);
    }
    const result = invoke.call(this, func, thisValue, args);
    if (entry) {
      const call = entry;
      // A stub answers with a promise (resolves/rejects) or, from callsFake, with the value itself.
      answers.push(
        Promise.resolve(result).then(
          (output) => {
            call.resourceTags = tagsInResponse(call.input, output);
          },
          () => undefined,
        ),
      );
    }
    return result;
  };
  send.__recorded = true;
}

/** mockClient, wrapped so every stub it makes is watched. */
function recordingMockClient(realMockClient: (...args: unknown[]) => Stub) {
  return (...args: unknown[]) => {
    const stub = realMockClient(...args);
    watch(stub.send);
    // reset() replaces the sinon stub: watch the new one too.
    const reset = stub.reset.bind(stub);
    stub.reset = () => {
      const result = reset();
      watch(stub.send);
      return result;
    };
    return stub;
  };
}

// A module factory, not a patch at load: files that never mock a client (most) never load the library.
jest.mock('aws-sdk-client-mock', () => {
  const actual = jest.requireActual<{ mockClient: (...args: unknown[]) => Stub }>('aws-sdk-client-mock');
  return { ...actual, mockClient: recordingMockClient(actual.mockClient) };
});

async function regionOf(call: Pending): Promise<string | undefined> {
  const region = call.client.config?.region;
  try {
    return typeof region === 'function' ? await region() : typeof region === 'string' ? region : undefined;
  } catch {
    return undefined;
  }
}

afterAll(async () => {
  const testPath = expect.getState().testPath;
  if (!testPath) return;
  await Promise.all(answers);
  const byFunction = new Map<string, RecordedCall[]>();
  for (const call of pending) {
    const recorded = symbolize(
      { client: call.clientName, command: call.command, input: call.input, region: await regionOf(call), resourceTags: call.resourceTags },
      call.env,
    );
    byFunction.set(call.fn, [...(byFunction.get(call.fn) ?? []), recorded]);
  }
  const changed: string[] = [];
  for (const [fn, calls] of byFunction) {
    const file = recordFile(REPO, fn, testPath);
    const record: CallRecord = {
      function: fn,
      testFile: path.relative(REPO, testPath).split(path.sep).join('/'),
      calls: distinctCalls(calls),
    };
    const committed = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CallRecord) : undefined;
    if (committed && sameRecords(committed, record)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    changed.push(path.relative(REPO, file));
  }
  // A function this file no longer records calls for: its old record goes.
  const key = `${testFileKey(REPO, testPath)}.json`;
  const root = path.join(REPO, RECORD_DIR);
  for (const fn of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const file = path.join(root, fn, key);
    if (!byFunction.has(fn) && fs.existsSync(file)) {
      fs.rmSync(file);
      changed.push(path.relative(REPO, file));
    }
  }
  if (changed.length && process.env.AWS_CALLS_RECORD !== 'accept') {
    throw new Error(
      `The AWS calls these tests record changed; rewrote ${changed.join(', ')}. Review the diff, commit it, and run test/stacks/iam-contract.test.ts to check the roles allow the new calls.`,
    );
  }
});
