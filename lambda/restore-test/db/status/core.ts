import type { DBInstance } from '@aws-sdk/client-rds';
import { checkCopy } from '../../common/polling';
import type { DbCopyStatus, DbStatusEvent } from './contract';

export interface DbStatusPorts {
  /** The instance, or undefined when it does not exist. */
  describeInstance(id: string): Promise<DBInstance | undefined>;
}

/** States an instance does not leave by waiting: the run fails at once and cleans up. */
const DEAD_ENDS = new Set([
  'failed',
  'incompatible-restore',
  'incompatible-parameters',
  'incompatible-network',
  'incompatible-option-group',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'restore-error',
  'storage-full',
  'deleting',
]);

/**
 * Ready means available with no password change pending: right after ModifyDBInstance the
 * instance may still say "available" while the new password is not yet in force.
 */
export function checkDatabaseCopy(state: DbStatusEvent, maxPolls: number, ports: DbStatusPorts, now: Date): Promise<DbCopyStatus> {
  return checkCopy(state, maxPolls, now, DEAD_ENDS, async (id) => {
    const instance = await ports.describeInstance(id);
    if (!instance) return undefined;
    const status = instance.DBInstanceStatus ?? 'unknown';
    return {
      status,
      ready: status === 'available' && !instance.PendingModifiedValues?.MasterUserPassword,
      details: {
        address: instance.Endpoint?.Address,
        port: instance.Endpoint?.Port,
        masterUsername: instance.MasterUsername,
        dbName: instance.DBName,
      },
    };
  });
}
