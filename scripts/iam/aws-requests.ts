/**
 * What IAM authorizes for each SDK command the automation functions send: the action(s), the
 * resource ARN(s) built from the request, and the request context keys a policy condition may
 * read. One row per command, each with the Service Authorization Reference page it follows
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/). A command that is not
 * here fails the IAM contract test, so a new call is mapped before it is trusted.
 */

export interface Where {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** One authorization AWS makes for a request. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
  /** Why this check exists beyond the action's own row (e.g. S3's missing-object rule). */
  readonly why?: string;
  /** The request creates this resource: it has no tags of its own yet; the request's tags become its tags. */
  readonly creates?: boolean;
}

export interface CommandRow {
  readonly source: string;
  readonly requests: (input: Record<string, unknown>, where: Where) => IamRequest[];
}

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
const s = (value: unknown): string => String(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const regional = (service: string) => (w: Where, resource: string) => `arn:${w.partition}:${service}:${w.region}:${w.account}:${resource}`;
const rds = regional('rds');
const elasticache = regional('elasticache');
const ecs = regional('ecs');
const logs = regional('logs');
const s3Bucket = (w: Where, bucket: unknown) => `arn:${w.partition}:s3:::${s(bucket)}`;
const s3Object = (w: Where, bucket: unknown, key: unknown) => `arn:${w.partition}:s3:::${s(bucket)}/${s(key)}`;
/**
 * The tags a create request puts on the new resource, as the condition keys IAM evaluates them:
 * aws:RequestTag/<key> and aws:TagKeys (IAM User Guide, "Controlling access during AWS requests"),
 * and RDS's own rds:req-tag/<key> (list_amazonrds.html).
 */
export function requestTagContext(tags: unknown, service: string): Record<string, string | string[]> | undefined {
  if (!Array.isArray(tags) || tags.length === 0) return undefined;
  const pairs = (tags as Array<{ Key?: unknown; Value?: unknown }>).map((t) => [s(t.Key), s(t.Value ?? '')] as const);
  return {
    ...Object.fromEntries(pairs.map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    ...(service === 'rds' ? Object.fromEntries(pairs.map(([k, v]) => [`rds:req-tag/${k}`, v])) : {}),
    'aws:TagKeys': pairs.map(([k]) => k),
  };
}
/** The same request tags on every authorization of one call. */
const withTags = (requests: IamRequest[], tags: unknown, service: string): IamRequest[] => {
  const context = requestTagContext(tags, service);
  return context ? requests.map((r) => ({ ...r, context: { ...(r.context ?? {}), ...context } })) : requests;
};

/** An identifier or an ARN of the given type, as RDS and ElastiCache accept either. */
const arnOr = (value: unknown, build: (id: string) => string) => (s(value).startsWith('arn:') ? s(value) : build(s(value)));

/**
 * S3 GetObject/HeadObject API reference: "If the object you request doesn't exist, the error that
 * Amazon S3 returns depends on whether you also have the s3:ListBucket permission ... If you don't
 * have the s3:ListBucket permission, Amazon S3 returns an HTTP status code 403 Access Denied".
 * A handler that expects "no object yet" therefore needs ListBucket on the bucket. S3 makes that
 * check itself, for a GetObject, not a list: the request carries no s3:prefix, so a ListBucket
 * grant conditioned on s3:prefix does not count (the common per-prefix policy still gets 403).
 */
const S3_MISSING_OBJECT = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html';
function readObject(input: Record<string, unknown>, w: Where): IamRequest[] {
  return [
    { action: 's3:GetObject', resource: s3Object(w, input.Bucket, input.Key) },
    {
      action: 's3:ListBucket',
      resource: s3Bucket(w, input.Bucket),
      why: `S3's missing-object rule: without ListBucket (unconditioned by s3:prefix, which a GetObject does not carry) a missing key is 403, not 404 (${S3_MISSING_OBJECT})`,
    },
  ];
}

export const COMMANDS: Readonly<Record<string, CommandRow>> = {
  'S3Client.GetObjectCommand': { source: `${SAR}/list_amazons3.html; ${S3_MISSING_OBJECT}`, requests: readObject },
  'S3Client.HeadObjectCommand': {
    source: `${SAR}/list_amazons3.html (HeadObject is authorized as s3:GetObject); ${S3_MISSING_OBJECT}`,
    requests: readObject,
  },
  'S3Client.PutObjectCommand': {
    source: `${SAR}/list_amazons3.html`,
    requests: (i, w) => [{ action: 's3:PutObject', resource: s3Object(w, i.Bucket, i.Key) }],
  },
  'S3Client.ListObjectsV2Command': {
    source: `${SAR}/list_amazons3.html (ListObjectsV2 is authorized as s3:ListBucket; s3:prefix is the request's Prefix)`,
    requests: (i, w) => [
      {
        action: 's3:ListBucket',
        resource: s3Bucket(w, i.Bucket),
        context: i.Prefix === undefined ? undefined : { 's3:prefix': s(i.Prefix) },
      },
    ],
  },
  'RDSClient.DescribeDBSnapshotsCommand': {
    source: `${SAR}/list_amazonrds.html (resource types db, snapshot: the instance the request filters by, or the snapshot it names; an unfiltered list names neither)`,
    requests: (i, w) => {
      if (i.DBSnapshotIdentifier !== undefined)
        return [{ action: 'rds:DescribeDBSnapshots', resource: arnOr(i.DBSnapshotIdentifier, (id) => rds(w, `snapshot:${id}`)) }];
      if (i.DBInstanceIdentifier !== undefined)
        return [{ action: 'rds:DescribeDBSnapshots', resource: arnOr(i.DBInstanceIdentifier, (id) => rds(w, `db:${id}`)) }];
      return [{ action: 'rds:DescribeDBSnapshots', resource: rds(w, 'snapshot:*') }];
    },
  },
  'RDSClient.CreateDBSnapshotCommand': {
    source: `${SAR}/list_amazonrds.html (CreateDBSnapshot requires db and snapshot)`,
    requests: (i, w) =>
      withTags(
        [
          { action: 'rds:CreateDBSnapshot', resource: rds(w, `db:${s(i.DBInstanceIdentifier)}`) },
          { action: 'rds:CreateDBSnapshot', resource: rds(w, `snapshot:${s(i.DBSnapshotIdentifier)}`), creates: true },
          ...(i.Tags
            ? [{ action: 'rds:AddTagsToResource', resource: rds(w, `snapshot:${s(i.DBSnapshotIdentifier)}`), creates: true }]
            : []),
        ],
        i.Tags,
        'rds',
      ),
  },
  'RDSClient.CopyDBSnapshotCommand': {
    source: `${SAR}/list_amazonrds.html (CopyDBSnapshot requires snapshot: the target, in the client's region; the source snapshot is read by RDS)`,
    requests: (i, w) =>
      withTags(
        [
          { action: 'rds:CopyDBSnapshot', resource: rds(w, `snapshot:${s(i.TargetDBSnapshotIdentifier)}`), creates: true },
          ...(i.Tags
            ? [{ action: 'rds:AddTagsToResource', resource: rds(w, `snapshot:${s(i.TargetDBSnapshotIdentifier)}`), creates: true }]
            : []),
        ],
        i.Tags,
        'rds',
      ),
  },
  'RDSClient.DeleteDBSnapshotCommand': {
    source: `${SAR}/list_amazonrds.html`,
    requests: (i, w) => [{ action: 'rds:DeleteDBSnapshot', resource: arnOr(i.DBSnapshotIdentifier, (id) => rds(w, `snapshot:${id}`)) }],
  },
  'RDSClient.DescribeDBInstancesCommand': {
    source: `${SAR}/list_amazonrds.html (resource type db; an unfiltered list names none)`,
    requests: (i, w) => [
      {
        action: 'rds:DescribeDBInstances',
        resource: i.DBInstanceIdentifier === undefined ? rds(w, 'db:*') : arnOr(i.DBInstanceIdentifier, (id) => rds(w, `db:${id}`)),
      },
    ],
  },
  'RDSClient.DeleteDBInstanceCommand': {
    source: `${SAR}/list_amazonrds.html`,
    requests: (i, w) => [{ action: 'rds:DeleteDBInstance', resource: rds(w, `db:${s(i.DBInstanceIdentifier)}`) }],
  },
  'RDSClient.ModifyDBInstanceCommand': {
    source: `${SAR}/list_amazonrds.html`,
    requests: (i, w) => [{ action: 'rds:ModifyDBInstance', resource: rds(w, `db:${s(i.DBInstanceIdentifier)}`) }],
  },
  'RDSClient.RestoreDBInstanceFromDBSnapshotCommand': {
    source: `${SAR}/list_amazonrds.html (requires db, snapshot; subgrp and secgrp... when named; og/pg when given)`,
    requests: (i, w) =>
      withTags(
        [
          { action: 'rds:RestoreDBInstanceFromDBSnapshot', resource: rds(w, `db:${s(i.DBInstanceIdentifier)}`), creates: true },
          { action: 'rds:RestoreDBInstanceFromDBSnapshot', resource: arnOr(i.DBSnapshotIdentifier, (id) => rds(w, `snapshot:${id}`)) },
          ...(i.DBSubnetGroupName
            ? [{ action: 'rds:RestoreDBInstanceFromDBSnapshot', resource: rds(w, `subgrp:${s(i.DBSubnetGroupName)}`) }]
            : []),
          ...(i.Tags ? [{ action: 'rds:AddTagsToResource', resource: rds(w, `db:${s(i.DBInstanceIdentifier)}`), creates: true }] : []),
        ],
        i.Tags,
        'rds',
      ),
  },
  'RDSClient.RestoreDBInstanceToPointInTimeCommand': {
    source: `${SAR}/list_amazonrds.html (requires the target db and the source db; subgrp when named)`,
    requests: (i, w) =>
      withTags(
        [
          { action: 'rds:RestoreDBInstanceToPointInTime', resource: rds(w, `db:${s(i.TargetDBInstanceIdentifier)}`), creates: true },
          { action: 'rds:RestoreDBInstanceToPointInTime', resource: rds(w, `db:${s(i.SourceDBInstanceIdentifier)}`) },
          ...(i.DBSubnetGroupName
            ? [{ action: 'rds:RestoreDBInstanceToPointInTime', resource: rds(w, `subgrp:${s(i.DBSubnetGroupName)}`) }]
            : []),
          ...(i.Tags
            ? [{ action: 'rds:AddTagsToResource', resource: rds(w, `db:${s(i.TargetDBInstanceIdentifier)}`), creates: true }]
            : []),
        ],
        i.Tags,
        'rds',
      ),
  },
  'ElastiCacheClient.DescribeSnapshotsCommand': {
    source: `${SAR}/list_amazonelasticache.html (DescribeSnapshots requires snapshot, its only resource type: the one named, else every snapshot the list may return, also when it filters by replication group or cluster)`,
    requests: (i, w) => [
      {
        action: 'elasticache:DescribeSnapshots',
        resource: elasticache(w, `snapshot:${i.SnapshotName === undefined ? '*' : s(i.SnapshotName)}`),
      },
    ],
  },
  'ElastiCacheClient.CreateSnapshotCommand': {
    source: `${SAR}/list_amazonelasticache.html (CreateSnapshot requires snapshot; replicationgroup or cluster, the source)`,
    requests: (i, w) =>
      withTags(
        [
          { action: 'elasticache:CreateSnapshot', resource: elasticache(w, `snapshot:${s(i.SnapshotName)}`), creates: true },
          ...(i.ReplicationGroupId
            ? [{ action: 'elasticache:CreateSnapshot', resource: elasticache(w, `replicationgroup:${s(i.ReplicationGroupId)}`) }]
            : []),
          ...(i.Tags
            ? [{ action: 'elasticache:AddTagsToResource', resource: elasticache(w, `snapshot:${s(i.SnapshotName)}`), creates: true }]
            : []),
        ],
        i.Tags,
        'elasticache',
      ),
  },
  'ElastiCacheClient.DeleteSnapshotCommand': {
    source: `${SAR}/list_amazonelasticache.html`,
    requests: (i, w) => [{ action: 'elasticache:DeleteSnapshot', resource: elasticache(w, `snapshot:${s(i.SnapshotName)}`) }],
  },
  'ElastiCacheClient.ListTagsForResourceCommand': {
    source: `${SAR}/list_amazonelasticache.html`,
    requests: (i) => [{ action: 'elasticache:ListTagsForResource', resource: s(i.ResourceName) }],
  },
  'ElastiCacheClient.DescribeReplicationGroupsCommand': {
    source: `${SAR}/list_amazonelasticache.html (replicationgroup; an unfiltered list names none)`,
    requests: (i, w) => [
      {
        action: 'elasticache:DescribeReplicationGroups',
        resource: elasticache(w, `replicationgroup:${i.ReplicationGroupId === undefined ? '*' : s(i.ReplicationGroupId)}`),
      },
    ],
  },
  'ElastiCacheClient.DeleteReplicationGroupCommand': {
    source: `${SAR}/list_amazonelasticache.html`,
    requests: (i, w) => [
      { action: 'elasticache:DeleteReplicationGroup', resource: elasticache(w, `replicationgroup:${s(i.ReplicationGroupId)}`) },
    ],
  },
  'ElastiCacheClient.CreateReplicationGroupCommand': {
    source: `${SAR}/list_amazonelasticache.html (replicationgroup; the snapshot it seeds from; the subnet group; the parameter group when named)`,
    requests: (i, w) =>
      withTags(
        [
          {
            action: 'elasticache:CreateReplicationGroup',
            resource: elasticache(w, `replicationgroup:${s(i.ReplicationGroupId)}`),
            creates: true,
          },
          ...(i.SnapshotName
            ? [{ action: 'elasticache:CreateReplicationGroup', resource: elasticache(w, `snapshot:${s(i.SnapshotName)}`) }]
            : []),
          ...(i.CacheSubnetGroupName
            ? [{ action: 'elasticache:CreateReplicationGroup', resource: elasticache(w, `subnetgroup:${s(i.CacheSubnetGroupName)}`) }]
            : []),
          ...(i.Tags
            ? [
                {
                  action: 'elasticache:AddTagsToResource',
                  resource: elasticache(w, `replicationgroup:${s(i.ReplicationGroupId)}`),
                  creates: true,
                },
              ]
            : []),
        ],
        i.Tags,
        'elasticache',
      ),
  },
  'SecretsManagerClient.GetSecretValueCommand': {
    source: `${SAR}/list_awssecretsmanager.html`,
    requests: (i) => [{ action: 'secretsmanager:GetSecretValue', resource: s(i.SecretId) }],
  },
  'SecretsManagerClient.PutSecretValueCommand': {
    source: `${SAR}/list_awssecretsmanager.html`,
    requests: (i) => [{ action: 'secretsmanager:PutSecretValue', resource: s(i.SecretId) }],
  },
  'S3Client.DeleteObjectCommand': {
    source: `${SAR}/list_amazons3.html`,
    requests: (i, w) => [{ action: 's3:DeleteObject', resource: s3Object(w, i.Bucket, i.Key) }],
  },
  'SFNClient.DescribeStateMachineCommand': {
    source: `${SAR}/list_awsstepfunctions.html`,
    requests: (i) => [{ action: 'states:DescribeStateMachine', resource: s(i.stateMachineArn) }],
  },
  'CloudWatchClient.PutMetricDataCommand': {
    source: `${SAR}/list_amazoncloudwatch.html (PutMetricData has no resource type: "*"; condition key cloudwatch:namespace)`,
    requests: (i) => [{ action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': s(i.Namespace) } }],
  },
  'CloudWatchClient.DescribeAlarmsCommand': {
    source: `${SAR}/list_amazoncloudwatch.html (DescribeAlarms: alarm); a name prefix names no one alarm, and composite alarms are returned only to a permission scoped to "*" (CloudWatch permissions reference)`,
    requests: (i, w) =>
      Array.isArray(i.AlarmNames) && i.AlarmNames.length > 0 && !asArray(i.AlarmTypes).includes('CompositeAlarm')
        ? i.AlarmNames.map((name) => ({ action: 'cloudwatch:DescribeAlarms', resource: regional('cloudwatch')(w, `alarm:${s(name)}`) }))
        : [{ action: 'cloudwatch:DescribeAlarms', resource: '*' }],
  },
  'CloudWatchClient.DescribeAlarmHistoryCommand': {
    source: `${SAR}/list_amazoncloudwatch.html (DescribeAlarmHistory: alarm); without AlarmName it reads every alarm's history: "*"`,
    requests: (i, w) => [
      { action: 'cloudwatch:DescribeAlarmHistory', resource: i.AlarmName ? regional('cloudwatch')(w, `alarm:${s(i.AlarmName)}`) : '*' },
    ],
  },
  'SNSClient.PublishCommand': {
    source: `${SAR}/list_amazonsns.html`,
    requests: (i) => [{ action: 'sns:Publish', resource: s(i.TopicArn) }],
  },
  'SFNClient.ListExecutionsCommand': {
    source: `${SAR}/list_awsstepfunctions.html`,
    requests: (i) => [{ action: 'states:ListExecutions', resource: s(i.stateMachineArn) }],
  },
  'SSMClient.GetParametersByPathCommand': {
    source: `${SAR}/list_awssystemsmanager.html (parameter: the path)`,
    requests: (i, w) => [
      {
        action: 'ssm:GetParametersByPath',
        resource: `arn:${w.partition}:ssm:${w.region}:${w.account}:parameter${s(i.Path).replace(/\/$/, '')}`,
      },
    ],
  },
  'CloudFormationClient.ListStacksCommand': {
    source: `${SAR}/list_awscloudformation.html (no resource type)`,
    requests: () => [{ action: 'cloudformation:ListStacks', resource: '*' }],
  },
  'CloudFormationClient.DescribeStacksCommand': {
    source: `${SAR}/list_awscloudformation.html (stack)`,
    requests: (i, w) => [
      {
        action: 'cloudformation:DescribeStacks',
        resource: arnOr(
          i.StackName,
          (name) => `arn:${w.partition}:cloudformation:${w.region}:${w.account}:stack/${name}/11111111-2222-3333-4444-555555555555`,
        ),
      },
    ],
  },
  'ECSClient.ListServicesCommand': {
    source: `${SAR}/list_amazonelasticcontainerservice.html (no resource type; ecs:cluster condition)`,
    requests: (i) => [{ action: 'ecs:ListServices', resource: '*', context: { 'ecs:cluster': s(i.cluster) } }],
  },
  'ECSClient.DescribeServicesCommand': {
    source: `${SAR}/list_amazonelasticcontainerservice.html (service: service/<cluster name>/<service name>; the handler describes services ListServices returned for the cluster)`,
    requests: (i, w) =>
      (i.services as string[]).map((service) => ({
        action: 'ecs:DescribeServices',
        resource: ecs(w, `service/${s(i.cluster).split('/').pop()}/${service.split('/').pop()}`),
      })),
  },
  'ECSClient.DescribeTaskDefinitionCommand': {
    source: `${SAR}/list_amazonelasticcontainerservice.html (no resource type)`,
    requests: () => [{ action: 'ecs:DescribeTaskDefinition', resource: '*' }],
  },
  'ECSClient.ListTasksCommand': {
    source: `${SAR}/list_amazonelasticcontainerservice.html (container-instance, which Fargate has none of; ecs:cluster condition)`,
    requests: (i) => [{ action: 'ecs:ListTasks', resource: '*', context: { 'ecs:cluster': s(i.cluster) } }],
  },
  'ECSClient.RunTaskCommand': {
    source: `${SAR}/list_amazonelasticcontainerservice.html (task-definition; ecs:cluster condition)`,
    requests: (i) => [{ action: 'ecs:RunTask', resource: s(i.taskDefinition), context: { 'ecs:cluster': s(i.cluster) } }],
  },
  'ECSClient.DescribeTasksCommand': {
    source: `${SAR}/list_amazonelasticcontainerservice.html (task; ecs:cluster condition)`,
    requests: (i) =>
      (i.tasks as string[]).map((task) => ({ action: 'ecs:DescribeTasks', resource: task, context: { 'ecs:cluster': s(i.cluster) } })),
  },
  'ECSClient.StopTaskCommand': {
    source: `${SAR}/list_amazonelasticcontainerservice.html (task; ecs:cluster condition)`,
    requests: (i) => [{ action: 'ecs:StopTask', resource: s(i.task), context: { 'ecs:cluster': s(i.cluster) } }],
  },
  'CloudWatchLogsClient.DescribeLogGroupsCommand': {
    source: `${SAR}/list_amazoncloudwatchlogs.html (DescribeLogGroups defines no resource type)`,
    requests: () => [{ action: 'logs:DescribeLogGroups', resource: '*' }],
  },
  'CloudWatchLogsClient.CreateExportTaskCommand': {
    source: `${SAR}/list_amazoncloudwatchlogs.html (log-group); the S3 side is the bucket policy's (CloudWatch Logs writes with its own principal)`,
    requests: (i, w) => [{ action: 'logs:CreateExportTask', resource: logs(w, `log-group:${s(i.logGroupName)}:*`) }],
  },
  'CloudWatchLogsClient.DescribeExportTasksCommand': {
    source: `${SAR}/list_amazoncloudwatchlogs.html (no resource type)`,
    requests: () => [{ action: 'logs:DescribeExportTasks', resource: '*' }],
  },
  'CostExplorerClient.GetCostAndUsageCommand': {
    source: `${SAR}/list_awscostexplorerservice.html (billingview only when named)`,
    requests: () => [{ action: 'ce:GetCostAndUsage', resource: '*' }],
  },
  'CostExplorerClient.GetCostForecastCommand': {
    source: `${SAR}/list_awscostexplorerservice.html (billingview only when named)`,
    requests: () => [{ action: 'ce:GetCostForecast', resource: '*' }],
  },
};
