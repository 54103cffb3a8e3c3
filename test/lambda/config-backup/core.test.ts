import { type ConfigSources, type ConfigStore, backupConfiguration } from '../../../lambda/config-backup/core';
import { canonicalJson, sha256Hex } from '../../../lambda/config-backup/document';
import { CLUSTER, PARAMETERS, SERVICES, STACKS, TASK_DEFINITIONS } from './fixtures';

const REQUEST = { stage: 'dev', project: 'shop', cluster: CLUSTER, stackNamePrefix: 'dev-' };

function sources(overrides: Partial<ConfigSources> = {}): ConfigSources & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    services: async () => SERVICES,
    taskDefinition: async (arn) => {
      asked.push(arn);
      return TASK_DEFINITIONS[arn];
    },
    parameters: async (path) => {
      asked.push(path);
      return PARAMETERS;
    },
    stacks: async (prefix) => {
      asked.push(prefix);
      return [
        ...STACKS,
        {
          StackName: 'prod-Services',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'X', OutputValue: 'y' }],
        },
      ];
    },
    ...overrides,
  };
}

/** An in-memory bucket object with S3's conditional-write rules, optionally raced by another writer. */
function memoryStore(initial?: { body: string; sha256?: string }) {
  let current = initial ? { ...initial, etag: '"e0"' } : undefined;
  let versions = 0;
  const writes: string[] = [];
  const store: ConfigStore & { raceWith?: { body: string; sha256: string } } = {
    head: async () => (current ? { sha256: current.sha256, etag: current.etag } : undefined),
    put: async (_key, body, sha256, expectedEtag) => {
      if (store.raceWith) {
        current = { ...store.raceWith, etag: '"raced"' };
        store.raceWith = undefined;
      }
      if (expectedEtag !== current?.etag) return 'conflict';
      versions += 1;
      current = { body, sha256, etag: `"e${versions}"` };
      writes.push(body);
      return { versionId: `v${versions}` };
    },
  };
  return { store, writes, current: () => current };
}

it('reads every source, writes the document with its hash when none is stored yet', async () => {
  const src = sources();
  const { store, writes, current } = memoryStore();
  const result = await backupConfiguration(REQUEST, src, store);

  expect(src.asked).toEqual(expect.arrayContaining(['/shop/dev/', 'dev-', ...Object.keys(TASK_DEFINITIONS)]));
  expect(writes).toHaveLength(1);
  const written = JSON.parse(writes[0]);
  expect(written.stacks.map((s: { stackName: string }) => s.stackName)).toEqual(['dev-Data', 'dev-Services']);
  expect(current()?.sha256).toBe(sha256Hex(writes[0]));
  expect(result).toEqual({
    succeeded: true,
    changed: true,
    key: 'config/dev/latest.json',
    sha256: sha256Hex(writes[0]),
    versionId: 'v1',
    counts: { services: 2, taskDefinitions: 2, parameters: 2, stacks: 2 },
  });
});

it('writes nothing when the stored hash is the same: versions are changes only', async () => {
  const first = memoryStore();
  await backupConfiguration(REQUEST, sources(), first.store);
  const again = memoryStore(first.current());
  const result = await backupConfiguration(REQUEST, sources(), again.store);
  expect(again.writes).toEqual([]);
  expect(result).toMatchObject({ succeeded: true, changed: false });
});

it('writes a new version when a setting changed', async () => {
  const first = memoryStore();
  await backupConfiguration(REQUEST, sources(), first.store);
  const changed = memoryStore(first.current());
  const result = await backupConfiguration(
    REQUEST,
    sources({ parameters: async () => [{ ...PARAMETERS[0], Value: 'off', Version: 5 }] }),
    changed.store,
  );
  expect(changed.writes).toHaveLength(1);
  expect(result).toMatchObject({ succeeded: true, changed: true });
});

it('writes nothing when any source fails, so a partial document never looks like deleted settings', async () => {
  const { store, writes } = memoryStore();
  const result = await backupConfiguration(REQUEST, sources({ parameters: async () => Promise.reject(new Error('AccessDenied')) }), store);
  expect(writes).toEqual([]);
  expect(result).toMatchObject({ succeeded: false, changed: false, reason: expect.stringContaining('nothing written') });
});

it('accepts a lost race when the other run stored the same content, and fails when it stored something else', async () => {
  const reference = memoryStore();
  await backupConfiguration(REQUEST, sources(), reference.store);
  const same = reference.current()!;

  const racedSame = memoryStore({ body: 'old', sha256: 'old' });
  racedSame.store.raceWith = { body: same.body, sha256: same.sha256! };
  expect(await backupConfiguration(REQUEST, sources(), racedSame.store)).toMatchObject({ succeeded: true, changed: false });

  const racedOther = memoryStore({ body: 'old', sha256: 'old' });
  racedOther.store.raceWith = { body: 'other', sha256: 'other' };
  expect(await backupConfiguration(REQUEST, sources(), racedOther.store)).toMatchObject({
    succeeded: false,
    reason: expect.stringContaining('not overwritten'),
  });
  expect(racedOther.current()?.body).toBe('other');
});

it('overwrites an object that has no hash metadata (not written by this function) only conditionally on its ETag', async () => {
  const { store, writes } = memoryStore({ body: canonicalJson({ hand: 'made' }) });
  expect(await backupConfiguration(REQUEST, sources(), store)).toMatchObject({ succeeded: true, changed: true });
  expect(writes).toHaveLength(1);
});
