import type { DBInstance } from '@aws-sdk/client-rds';
import { cleanUpCopy } from '../../common/cleanup';
import { databaseCopyId, databaseCopyPrefix } from '../../common/naming';
import type { DbCleanupEvent, DbCleanupResult } from './contract';

export interface DbCleanupPorts {
  /** The instance, or undefined when it does not exist. */
  describeInstance(id: string): Promise<DBInstance | undefined>;
  /** Deletes without a final snapshot and with its automated backups. */
  deleteInstance(id: string): Promise<void>;
}

export function cleanupDatabaseCopy(state: DbCleanupEvent, stage: string, ports: DbCleanupPorts): Promise<DbCleanupResult> {
  return cleanUpCopy(
    state,
    stage,
    { prefix: databaseCopyPrefix(stage), idFor: (start) => databaseCopyId(stage, start) },
    {
      async find(id) {
        const instance = await ports.describeInstance(id);
        return instance && { status: instance.DBInstanceStatus, tags: instance.TagList };
      },
      remove: (id) => ports.deleteInstance(id),
    },
  );
}
