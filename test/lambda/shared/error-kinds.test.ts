import { toCacheSnapshotRecord } from '../../../lambda/shared/backup/cache-snapshots';
import { isQuotaError, isThrottlingError } from '../../../lambda/shared/retry';

// What the one retry layer calls throttling and what it calls a quota, error by error, and how a
// cache snapshot becomes a record.

const error = (name: string | undefined, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name, ...extra });

describe('throttling or quota', () => {
  it.each<[string, unknown, boolean, boolean]>([
    ['ThrottlingException', error('ThrottlingException'), true, false],
    ['RequestLimitExceeded (throttling by name, though it says LimitExceeded)', error('RequestLimitExceeded'), true, false],
    ['a 429 without a known name', error('Weird', { $metadata: { httpStatusCode: 429 } }), true, false],
    ['an error the SDK marks as throttling', error('Weird', { $retryable: { throttling: true } }), true, false],
    ['LimitExceededException the SDK marks as throttling is still a quota', error('LimitExceededException', { $retryable: { throttling: true } }), false, true],
    ['SnapshotQuotaExceeded with a 429 is still a quota', error('SnapshotQuotaExceeded', { $metadata: { httpStatusCode: 429 } }), false, true],
    ['a 500', error('InternalError', { $metadata: { httpStatusCode: 500 } }), false, false],
    ['an error without a name', error(undefined), false, false],
    ['nothing at all', undefined, false, false],
  ])('%s', (_what, err, throttling, quota) => {
    expect(isThrottlingError(err)).toBe(throttling);
    expect(isQuotaError(err)).toBe(quota);
  });

  it('a caller may name more throttling errors for its API', () => {
    expect(isThrottlingError(error('SnapshotCreationPerVolumeRateExceeded'))).toBe(false);
    expect(isThrottlingError(error('SnapshotCreationPerVolumeRateExceeded'), ['SnapshotCreationPerVolumeRateExceeded'])).toBe(true);
  });
});

describe('a cache snapshot as a record', () => {
  it('takes the earliest node snapshot as its time and the replication group as its source', () => {
    const record = toCacheSnapshotRecord(
      {
        SnapshotName: 'prod-cache-2026-11-22',
        ARN: 'arn:aws:elasticache:eu-west-1:1:snapshot:prod-cache-2026-11-22',
        ReplicationGroupId: 'prod-cache',
        CacheClusterId: 'prod-cache-001',
        SnapshotSource: 'manual',
        SnapshotStatus: 'available',
        NodeSnapshots: [{ SnapshotCreateTime: new Date('2026-11-22T03:05:00Z') }, { SnapshotCreateTime: new Date('2026-11-22T03:01:00Z') }, {}],
      },
      { Stage: 'prod' },
    );
    expect(record).toEqual({
      id: 'prod-cache-2026-11-22',
      arn: 'arn:aws:elasticache:eu-west-1:1:snapshot:prod-cache-2026-11-22',
      source: 'prod-cache',
      manual: true,
      status: 'available',
      createdAt: new Date('2026-11-22T03:01:00Z'),
      tags: { Stage: 'prod' },
    });
  });

  it('an automatic snapshot of a cluster without times or a name is still a record, with nothing invented', () => {
    expect(toCacheSnapshotRecord({ CacheClusterId: 'dev-cache-001', SnapshotSource: 'automated', NodeSnapshots: [] }, undefined)).toEqual({
      id: '', arn: undefined, source: 'dev-cache-001', manual: false, status: 'unknown', createdAt: undefined, tags: undefined,
    });
    expect(toCacheSnapshotRecord({}, undefined).source).toBe('');
  });
});
