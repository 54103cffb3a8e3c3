import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { cacheCopyPrefix, databaseCopyPrefix, PURPOSE_TAG, RESTORE_TEST_PURPOSE } from '../../../../lambda/restore-test/common/naming';
import { STAGE_TAG_KEY } from '../../../../lambda/shared/stage-tags';

/**
 * IAM statements for the temporary copies a restore test makes, scoped by name to this stage's
 * copies (`<stage>-restore-test-*`, `<stage>-rt-*`) and, where the service supports it, by their
 * Purpose and Stage tags. The trailing `*` of each name is the run's timestamp, unknown at deploy time.
 */

export function rdsArn(scope: IConstruct, resource: string, resourceName: string): string {
  return Stack.of(scope).formatArn({ service: 'rds', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

export function cacheArn(scope: IConstruct, resource: string, resourceName: string): string {
  return Stack.of(scope).formatArn({ service: 'elasticache', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

export function databaseCopyArn(scope: IConstruct, stage: string): string {
  return rdsArn(scope, 'db', `${databaseCopyPrefix(stage)}*`);
}

export function cacheCopyArns(scope: IConstruct, stage: string): string[] {
  // A replication group's nodes are clusters named `<group>-001`.
  return [cacheArn(scope, 'replicationgroup', `${cacheCopyPrefix(stage)}*`), cacheArn(scope, 'cluster', `${cacheCopyPrefix(stage)}*`)];
}

/** The request must tag the new copy Purpose=restore-test and Stage=<stage>. */
export function requestsRestoreTestTags(stage: string): Record<string, Record<string, string>> {
  return { StringEquals: { [`aws:RequestTag/${PURPOSE_TAG}`]: RESTORE_TEST_PURPOSE, [`aws:RequestTag/${STAGE_TAG_KEY}`]: stage } };
}

export function describeDatabaseCopies(scope: IConstruct, stage: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: [databaseCopyArn(scope, stage)] });
}

/** Changing or deleting a copy needs its own tags to say Purpose=restore-test and Stage=<stage>, not just its name. */
export function taggedDatabaseCopies(
  scope: IConstruct,
  stage: string,
  action: 'rds:ModifyDBInstance' | 'rds:DeleteDBInstance',
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [action],
    resources: [databaseCopyArn(scope, stage)],
    conditions: { StringEquals: { [`rds:db-tag/${PURPOSE_TAG}`]: RESTORE_TEST_PURPOSE, [`rds:db-tag/${STAGE_TAG_KEY}`]: stage } },
  });
}

export function describeCacheCopies(scope: IConstruct, stage: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['elasticache:DescribeReplicationGroups', 'elasticache:ListTagsForResource'],
    resources: cacheCopyArns(scope, stage),
  });
}

export function deleteCacheCopies(scope: IConstruct, stage: string): iam.PolicyStatement[] {
  const [group, nodes] = cacheCopyArns(scope, stage);
  return [
    new iam.PolicyStatement({
      actions: ['elasticache:DeleteReplicationGroup'],
      resources: [group],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${PURPOSE_TAG}`]: RESTORE_TEST_PURPOSE, [`aws:ResourceTag/${STAGE_TAG_KEY}`]: stage },
      },
    }),
    // Deleting a group deletes its node clusters too, which are authorized separately by name.
    new iam.PolicyStatement({ actions: ['elasticache:DeleteReplicationGroup'], resources: [nodes] }),
  ];
}
