import { checkCopy, runDeadline } from '../../../../lambda/restore-test/common/polling';
import { DB_COPY, started, state } from './fixtures';

const DEAD_ENDS = new Set(['failed']);
const before = new Date('2026-11-22T07:00:00Z');
const after = new Date('2026-11-22T08:00:00Z');

function seen(status: string, ready = false) {
  return async () => ({ status, ready, details: { address: 'copy.example', port: 5432 } });
}

describe('checkCopy', () => {
  it('counts the polls and reports not ready while the copy is being made', async () => {
    const result = await checkCopy(
      state({ restore: started(), status: { ready: false, polls: 3, status: 'creating' } }),
      10,
      before,
      DEAD_ENDS,
      seen('creating'),
    );
    expect(result).toEqual({ ready: false, polls: 4, status: 'creating' });
  });

  it('returns the details once the copy is ready, even at the last poll', async () => {
    const result = await checkCopy(
      state({ restore: started(), status: { ready: false, polls: 9, status: 'creating' } }),
      10,
      before,
      DEAD_ENDS,
      seen('available', true),
    );
    expect(result).toEqual({ ready: true, polls: 10, status: 'available', address: 'copy.example', port: 5432 });
  });

  it('fails with RestoreDeadlineExceededError at the deadline', async () => {
    await expect(checkCopy(state({ restore: started() }), 10, after, DEAD_ENDS, seen('creating'))).rejects.toMatchObject({
      name: 'RestoreDeadlineExceededError',
      message: expect.stringContaining('at the deadline'),
    });
  });

  it('fails with RestoreDeadlineExceededError when the polls are used up', async () => {
    await expect(
      checkCopy(
        state({ restore: started(), status: { ready: false, polls: 9, status: 'creating' } }),
        10,
        before,
        DEAD_ENDS,
        seen('creating'),
      ),
    ).rejects.toMatchObject({
      name: 'RestoreDeadlineExceededError',
      message: expect.stringContaining('after 10 status checks'),
    });
  });

  it('fails at once on a state the copy does not leave by waiting', async () => {
    await expect(checkCopy(state({ restore: started() }), 10, before, DEAD_ENDS, seen('failed'))).rejects.toMatchObject({
      name: 'RestoreFailedError',
      message: `${DB_COPY} is "failed"`,
    });
  });

  it('fails when the copy does not exist', async () => {
    await expect(checkCopy(state({ restore: started() }), 10, before, DEAD_ENDS, async () => undefined)).rejects.toMatchObject({
      name: 'RestoreFailedError',
    });
  });

  it('fails when no restore was started', async () => {
    await expect(checkCopy(state({}), 10, before, DEAD_ENDS, seen('available', true))).rejects.toMatchObject({
      name: 'RestoreFailedError',
    });
  });
});

describe('checkCopy at its limits (deadline 08:00, 10 status checks)', () => {
  const waiting = (polls: number) => state({ restore: started(), status: { ready: false, polls, status: 'creating' } });

  it('a millisecond before the deadline it waits on; exactly at the deadline it gives up', async () => {
    await expect(checkCopy(waiting(0), 10, new Date('2026-11-22T07:59:59.999Z'), DEAD_ENDS, seen('creating'))).resolves.toEqual({
      ready: false,
      polls: 1,
      status: 'creating',
    });
    await expect(checkCopy(waiting(0), 10, new Date('2026-11-22T08:00:00.000Z'), DEAD_ENDS, seen('creating'))).rejects.toMatchObject({
      name: 'RestoreDeadlineExceededError',
      message: `${DB_COPY} was still "creating" at the deadline 2026-11-22T08:00:00.000Z`,
    });
  });

  it('the ninth status check waits on; the tenth, the last allowed, gives up', async () => {
    await expect(checkCopy(waiting(8), 10, before, DEAD_ENDS, seen('creating'))).resolves.toEqual({
      ready: false,
      polls: 9,
      status: 'creating',
    });
    await expect(checkCopy(waiting(9), 10, before, DEAD_ENDS, seen('creating'))).rejects.toMatchObject({
      message: `${DB_COPY} was still "creating" after 10 status checks`,
    });
  });
});

describe('runDeadline', () => {
  it('is the execution start plus the timeout', () => {
    expect(runDeadline('2026-11-22T06:00:00.000Z', 120)).toBe('2026-11-22T08:00:00.000Z');
  });
});
