import { LOCAL_REDIS } from '../backup-support/local-redis';

/** The cache-snapshot function's environment as the construct sets it, pointed at the local Redis. */
export const CACHE_SNAPSHOT_ENV = {
  STAGE: 'dev',
  REPLICATION_GROUP_ID: 'dev-cache-rg',
  CACHE_HOST: LOCAL_REDIS.host,
  CACHE_PORT: String(LOCAL_REDIS.port),
  CACHE_AUTH_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:cache-auth',
  BACKUP_BUCKET: 'backups',
};
