import { cleanUpCopy, type CopyStore, type FoundCopy } from '../../../../lambda/restore-test/common/cleanup';
import { databaseCopyId, databaseCopyPrefix } from '../../../../lambda/restore-test/common/naming';
import { DB_COPY, ourTags, STAGE, started, state } from './fixtures';

const naming = { prefix: databaseCopyPrefix(STAGE), idFor: (start: Date) => databaseCopyId(STAGE, start) };

/** An in-memory store that records what was deleted. */
function store(copies: Record<string, FoundCopy>): CopyStore & { removed: string[]; looked: string[] } {
  const removed: string[] = [];
  const looked: string[] = [];
  return {
    removed,
    looked,
    async find(id) {
      looked.push(id);
      return copies[id];
    },
    async remove(id) {
      removed.push(id);
    },
  };
}

describe('cleanUpCopy', () => {
  it('deletes the copy this run made', async () => {
    const copies = store({ [DB_COPY]: { status: 'available', tags: ourTags() } });
    const outcome = await cleanUpCopy(state({ restore: started() }), STAGE, naming, copies);
    expect(outcome).toEqual({ copyId: DB_COPY, action: 'deleted', detail: `${DB_COPY} deleted` });
    expect(copies.removed).toEqual([DB_COPY]);
  });

  it('looks for the copy the start step would have made when it failed before reporting one', async () => {
    const copies = store({ [DB_COPY]: { status: 'creating', tags: ourTags() } });
    const outcome = await cleanUpCopy(state({ error: { Error: 'Lambda.Unknown' } }), STAGE, naming, copies);
    expect(outcome.action).toBe('deleted');
    expect(copies.removed).toEqual([DB_COPY]);
  });

  it('reports not-found when nothing was made', async () => {
    const copies = store({});
    expect((await cleanUpCopy(state({}), STAGE, naming, copies)).action).toBe('not-found');
    expect(copies.removed).toEqual([]);
  });

  it.each([
    [
      'tagged for another stage',
      { status: 'available', tags: ourTags(undefined, 'prod') },
      /not tagged Purpose=restore-test and Stage=dev/,
    ],
    ['without tags', { status: 'available', tags: [] }, /not tagged/],
    ['made by another execution', { status: 'available', tags: ourTags('someone-else') }, /made by execution someone-else/],
  ])('refuses to delete a copy %s', async (_what, found, detail) => {
    const copies = store({ [DB_COPY]: found });
    const outcome = await cleanUpCopy(state({ restore: started() }), STAGE, naming, copies);
    expect(outcome.action).toBe('refused');
    expect(outcome.detail).toMatch(detail);
    expect(copies.removed).toEqual([]);
  });

  it('never looks up, let alone deletes, a resource not named like a copy', async () => {
    const copies = store({ 'dev-appdb': { status: 'available', tags: ourTags() } });
    const outcome = await cleanUpCopy(state({ restore: started({ copyId: 'dev-appdb' }) }), STAGE, naming, copies);
    expect(outcome.action).toBe('refused');
    expect(copies.looked).toEqual([]);
    expect(copies.removed).toEqual([]);
  });

  it('leaves a copy that is already being deleted', async () => {
    const copies = store({ [DB_COPY]: { status: 'deleting', tags: ourTags() } });
    expect((await cleanUpCopy(state({ restore: started() }), STAGE, naming, copies)).action).toBe('already-deleting');
    expect(copies.removed).toEqual([]);
  });

  it('lets a failed lookup fail the step (to be retried) instead of guessing', async () => {
    const copies: CopyStore = { find: async () => Promise.reject(new Error('AccessDenied')), remove: async () => undefined };
    await expect(cleanUpCopy(state({ restore: started() }), STAGE, naming, copies)).rejects.toThrow('AccessDenied');
  });
});
