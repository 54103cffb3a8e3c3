import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { PostgresDatabase } from '../constructs/data/postgres-database';
import { ValkeyCache } from '../constructs/data/valkey-cache';
import { PlatformStack } from './platform-stack';

export interface DataStackProps {
  readonly vpc: ec2.IVpc;
}

/** Stateful: the database with its replicas and the cache. Construct ids here must never change. */
export class DataStack extends PlatformStack {
  readonly database: PostgresDatabase;
  readonly cache: ValkeyCache;

  constructor(scope: Construct, config: StageConfig, props: DataStackProps) {
    super(scope, 'data', { config, stateful: true, description: `${config.stage}: PostgreSQL with read replicas, cache, their secrets` });
    this.database = new PostgresDatabase(this, 'Database', {
      vpc: props.vpc,
      database: config.database,
      availabilityZones: config.network.availabilityZones,
      logRetention: config.logRetentionDays,
    });
    this.cache = new ValkeyCache(this, 'Cache', { vpc: props.vpc, cache: config.cache, logRetention: config.logRetentionDays });
  }
}
