import type { Severity } from '../config/alert-routing';
import { ALARM_THRESHOLD_LIMITS, AlarmSettings, MonitoringAlarmKey } from '../config/monitoring';

/** Alarms whose threshold is not stage config: the Lambda and Step Functions one-liners. */
export type AutomationAlarmKind = 'lambdaErrors' | 'lambdaThrottles' | 'lambdaDuration' | 'stateMachineFailed' | 'stateMachineTimedOut';
/** Alarms built by the backup, restore-test, drill and health-check constructs, and the composite; their conditions come from those constructs. */
export type OperationsAlarmKind =
  | 'stageUnhealthy'
  | 'backupStale'
  | 'backupFailed'
  | 'restoreTestOverdue'
  | 'restoreTestFailed'
  | 'restoreTestSlow'
  | 'restoreWorkflowFailed'
  | 'restoreWorkflowTimedOut'
  | 'restoreLeftovers'
  | 'restoreSweeperFailing'
  | 'drRestoreOverdue'
  | 'drRestoreFailed'
  | 'drRestoreSlow'
  | 'drRestoreDataTooOld'
  | 'drRestoreLeftovers'
  | 'drillRecoverySlow'
  | 'drillFailed'
  | 'syntheticAvailability'
  | 'alertDigestFailing';
export type AlarmKind = MonitoringAlarmKey | AutomationAlarmKind | OperationsAlarmKind;

/** A severity that depends on the stage: critical in the stages listed, warning in the others. */
export interface StageSeverity {
  readonly criticalIn: readonly string[];
}

/**
 * What one kind of alarm means to an operator. The alarm description in CloudWatch and the
 * alarm table in docs/operations.md are both rendered from these entries, so they never drift.
 */
export interface AlarmEntry {
  /** Alarm name after `<stage>-`; `{subject}` stands for the service, database instance, cache node or function. */
  readonly name: string;
  /** What `{subject}` can be, for the alarm table in docs/operations.md (N is a number). */
  readonly subjects?: readonly string[];
  /** What is wrong when it fires, in one sentence. */
  readonly meaning: string;
  /** The first thing to look at. */
  readonly firstCheck: string;
  /** Whether the metric has to go above or below the threshold. */
  readonly comparison: 'above' | 'below';
  readonly unit: string;
  /**
   * Part of the composite "stage unhealthy" alarm: for every subject (`true`) or only the listed ones.
   * Such an alarm pages through the composite, so its own severity stays `warning`.
   */
  readonly critical?: true | readonly string[];
  /** A missing datapoint means "nothing happened" (no requests, no messages) rather than "unknown". */
  readonly quietWhenMissing?: boolean;
  /** Who is told: `critical` pages (ALARM and OK), `warning` goes to the ticket/chat topic (ALARM only). */
  readonly severity: Severity | StageSeverity;
  /** Why this severity, for the runbook and for whoever reviews the routing. */
  readonly severityReason: string;
  /** Where the threshold is set, for the runbook. @default `monitoring.alarms.<kind>` of the stage config */
  readonly thresholdSource?: string;
  /** The condition in words, for alarms whose threshold is not stage config (the alarm table and runbook show it). */
  readonly condition?: string;
  /** Hand-written runbook steps after the first check, where the meaning and first check are not enough. */
  readonly steps?: readonly string[];
}

/** Threshold alarms: one symptom among many, shown on the dashboard; those that decide "users are affected" page through the composite. */
const SYMPTOM = 'A symptom to look into within the working day, not a page on its own.';
const AUTOMATION = 'Automation failing does not hurt users right away; the backup and restore-test alarms page where data is at risk.';

function configured(
  key: MonitoringAlarmKey,
  entry: Omit<AlarmEntry, 'unit' | 'severity' | 'severityReason'> & Partial<Pick<AlarmEntry, 'severity' | 'severityReason'>>,
): AlarmEntry {
  return { severity: 'warning', severityReason: SYMPTOM, ...entry, unit: ALARM_THRESHOLD_LIMITS[key].unit };
}

function automation(entry: Omit<AlarmEntry, 'severity' | 'severityReason' | 'thresholdSource'>): AlarmEntry {
  return {
    ...entry,
    severity: 'warning',
    severityReason: AUTOMATION,
    thresholdSource: 'fixed in lib/constructs/monitoring/lambda-alarms.ts (AUTOMATION_ALARM_DEFAULTS)',
  };
}

export const ALARM_CATALOG: Readonly<Record<AlarmKind, AlarmEntry>> = {
  api5xxRate: configured('api5xxRate', {
    name: 'api-5xx-rate',
    meaning: 'Too many API requests fail with a 5xx (from the tasks or from the load balancer itself). ECS rolls a deployment back on it.',
    firstCheck: 'Recent deployments (ECS service events), then the API log group for stack traces.',
    comparison: 'above',
    critical: true,
    quietWhenMissing: true,
    steps: [
      'If a deployment is running, ECS rolls it back on this alarm: watch the service events until the old tasks serve again.',
      "Otherwise read the newest errors in the API log group (the alarm's Logs link) and whether the 5xx come from the targets or the load balancer (Traffic row).",
      'Load balancer 5xx without target 5xx mean no healthy target: follow the api-unhealthy-hosts runbook.',
    ],
  }),
  apiLatencyP95: configured('apiLatencyP95', {
    name: 'api-latency-p95',
    meaning: 'The slowest 5 % of API requests are slower than the target. ECS rolls a deployment back on it.',
    firstCheck: 'Database row on the dashboard (CPU, latency, connections), then API CPU.',
    comparison: 'above',
    quietWhenMissing: true,
  }),
  apiUnhealthyHosts: configured('apiUnhealthyHosts', {
    name: 'api-unhealthy-hosts',
    meaning:
      'API tasks fail the load balancer health check (counted over blue and green where deployments shift traffic, so it sees whichever group is live).',
    firstCheck:
      'Target group health reasons in the EC2 console (the group with targets), then the API log group around the start of the alarm.',
    comparison: 'above',
    critical: true,
    quietWhenMissing: true,
    steps: [
      'Read the health check reason of the unhealthy targets (EC2 console, target group, Targets tab).',
      'Tasks that fail the check right after start: the health path, the container port, or a dependency the app checks (database, cache).',
    ],
  }),
  albRejectedConnections: configured('albRejectedConnections', {
    name: 'alb-rejected-connections',
    meaning: 'The load balancer refused connections because it reached its connection limit.',
    firstCheck: 'Request rate on the Traffic row (a traffic spike or a client retry storm).',
    comparison: 'above',
    quietWhenMissing: true,
  }),
  serviceCpu: configured('serviceCpu', {
    name: '{subject}-cpu',
    subjects: ['api', 'worker'],
    meaning: 'The {subject} service uses more CPU than it should for a sustained time; auto scaling is not keeping up.',
    firstCheck: 'Running vs desired tasks on the Services row (is it at its maximum task count?), then request or queue volume.',
    comparison: 'above',
  }),
  serviceMemory: configured('serviceMemory', {
    name: '{subject}-memory',
    subjects: ['api', 'worker'],
    meaning: 'The {subject} service uses most of its reserved memory; tasks risk being killed out of memory.',
    firstCheck: 'Stopped-task reasons in the ECS console (OutOfMemory), then memory growth since the last deployment.',
    comparison: 'above',
  }),
  serviceTasksMissing: configured('serviceTasksMissing', {
    name: '{subject}-tasks-below-desired',
    subjects: ['api', 'worker'],
    meaning: 'Fewer {subject} tasks run than ECS wants (desired minus running); a stage scaled to zero is healthy.',
    firstCheck: 'ECS service events (tasks failing to start: image pull, secrets, health checks, capacity).',
    comparison: 'above',
    critical: ['api'],
    quietWhenMissing: true,
    steps: [
      'Read the stopped reason of the newest stopped tasks (ECS console, Tasks, Stopped).',
      'Image pull or secret errors: the execution role and the image URI; health check failures: the api-unhealthy-hosts runbook; capacity: the Fargate quota of the account.',
    ],
  }),
  queueDepth: configured('queueDepth', {
    name: 'queue-depth',
    meaning: 'Work piles up in the queue faster than the workers take it.',
    firstCheck: 'Worker running tasks and CPU on the Services row, then the worker log group for errors.',
    comparison: 'above',
    quietWhenMissing: true,
  }),
  queueOldestMessageAge: configured('queueOldestMessageAge', {
    name: 'queue-oldest-message-age',
    meaning: 'A message has waited too long: workers are stuck, too few, or keep failing one message.',
    firstCheck: 'Worker log group for repeated errors on the same message, then worker running tasks.',
    comparison: 'above',
    quietWhenMissing: true,
  }),
  dlqMessages: configured('dlqMessages', {
    name: 'dlq-messages',
    meaning: 'Messages failed processing repeatedly and were moved to the dead-letter queue.',
    firstCheck: 'Inspect one message in the DLQ (SQS console, "Poll for messages") and the worker log at its time.',
    comparison: 'above',
    quietWhenMissing: true,
    steps: [
      'Find why the message failed in the worker log at the time it was last received.',
      'Fix the worker, then move the messages back with the SQS console\'s "Start DLQ redrive"; delete them only if they can never succeed.',
    ],
  }),
  dbCpu: configured('dbCpu', {
    name: 'db-{subject}-cpu',
    subjects: ['primary', 'replica-N'],
    meaning: 'Database instance {subject} is CPU bound for a sustained time.',
    firstCheck: 'Performance Insights top SQL for that instance, then connections on the Database row.',
    comparison: 'above',
    critical: ['primary'],
  }),
  dbFreeStorage: configured('dbFreeStorage', {
    name: 'db-{subject}-free-storage',
    subjects: ['primary', 'replica-N'],
    meaning: 'Database instance {subject} is running out of disk; writes stop when it is full.',
    firstCheck: 'Storage autoscaling limit and the largest tables; old WAL held by a stuck replication slot.',
    comparison: 'below',
    critical: true,
    steps: [
      'Check whether storage autoscaling is still growing the volume (RDS console, Monitoring) or has reached its maximum.',
      'A replication slot whose consumer stopped holds WAL: look at pg_replication_slots and drop the stale one.',
      'Raise the allocated storage in the stage config if the data really grew; a full disk stops all writes.',
    ],
  }),
  dbFreeableMemory: configured('dbFreeableMemory', {
    name: 'db-{subject}-freeable-memory',
    subjects: ['primary', 'replica-N'],
    meaning: 'Database instance {subject} has little memory left and will start swapping.',
    firstCheck: 'Connections (each uses memory) and work_mem-heavy queries in Performance Insights.',
    comparison: 'below',
  }),
  dbConnections: configured('dbConnections', {
    name: 'db-{subject}-connections',
    subjects: ['primary', 'replica-N'],
    meaning: 'Database instance {subject} is close to its connection limit; new connections will be refused.',
    firstCheck: 'API and worker task counts (each task holds a pool), then idle connections in pg_stat_activity.',
    comparison: 'above',
  }),
  dbReplicaLag: configured('dbReplicaLag', {
    name: 'db-{subject}-replica-lag',
    subjects: ['replica-N'],
    meaning: 'Read replica {subject} is behind the primary; reads from it return stale data.',
    firstCheck: 'Write volume on the primary and CPU/IO of the replica; long queries on the replica.',
    comparison: 'above',
  }),
  dbReadLatency: configured('dbReadLatency', {
    name: 'db-{subject}-read-latency',
    subjects: ['primary', 'replica-N'],
    meaning: 'Disk reads of database instance {subject} are slow.',
    firstCheck: 'Storage throughput/IOPS limits of the volume and Performance Insights waits.',
    comparison: 'above',
    quietWhenMissing: true,
  }),
  dbWriteLatency: configured('dbWriteLatency', {
    name: 'db-{subject}-write-latency',
    subjects: ['primary', 'replica-N'],
    meaning: 'Disk writes of database instance {subject} are slow.',
    firstCheck: 'Storage throughput/IOPS limits of the volume, then bulk writes or vacuum in progress.',
    comparison: 'above',
    quietWhenMissing: true,
  }),
  cacheEngineCpu: configured('cacheEngineCpu', {
    name: 'cache-{subject}-engine-cpu',
    subjects: ['node-N'],
    meaning: 'The single engine thread of cache {subject} is busy; commands queue up.',
    firstCheck: 'Slow log of the node (expensive commands such as KEYS or large ranges), then request volume.',
    comparison: 'above',
  }),
  cacheMemory: configured('cacheMemory', {
    name: 'cache-{subject}-memory',
    subjects: ['node-N'],
    meaning: 'Cache {subject} is nearly full; it evicts keys or rejects writes.',
    firstCheck: 'Keys without TTL and the biggest keys; then whether the node type is too small.',
    comparison: 'above',
    critical: true,
    steps: [
      'Look for keys without TTL and the biggest keys (redis-cli --bigkeys against a replica).',
      'If the data set really grew, move to a larger node type in the stage config; eviction protects the node, not the hit rate.',
    ],
  }),
  cacheEvictions: configured('cacheEvictions', {
    name: 'cache-{subject}-evictions',
    subjects: ['node-N'],
    meaning: 'Cache {subject} keeps evicting keys to make room, so the hit rate falls.',
    firstCheck: 'Memory and hit rate on the Cache row.',
    comparison: 'above',
    quietWhenMissing: true,
  }),
  cacheConnections: configured('cacheConnections', {
    name: 'cache-{subject}-connections',
    subjects: ['node-N'],
    meaning: 'Cache {subject} has unusually many client connections (a connection leak or a task storm).',
    firstCheck: 'API and worker task counts, then client pools that never close.',
    comparison: 'above',
  }),
  cacheReplicationLag: configured('cacheReplicationLag', {
    name: 'cache-{subject}-replication-lag',
    subjects: ['node-N'],
    meaning: 'Cache {subject} is behind its primary (only replicas report this).',
    firstCheck: 'Write volume and engine CPU of the primary node; network between AZs.',
    comparison: 'above',
    quietWhenMissing: true,
  }),
  lambdaErrors: automation({
    name: '{subject}-errors',
    subjects: ['<function>'],
    meaning: 'Automation function {subject} failed.',
    firstCheck: "The function's log group (JSON logs, level ERROR) at the alarm time.",
    comparison: 'above',
    unit: 'errors',
    quietWhenMissing: true,
    steps: [
      'Open the newest ERROR line in its log group (the Logs link) and the context Powertools logs with it.',
      "A failed asynchronous run is retried by Lambda, then lands in the function's dead-letter queue: inspect it there and rerun once fixed.",
    ],
  }),
  lambdaThrottles: automation({
    name: '{subject}-throttles',
    subjects: ['<function>'],
    meaning: 'Automation function {subject} was throttled and did not run.',
    firstCheck: 'Account concurrency (Lambda console, "Concurrent executions") and reserved concurrency of the function.',
    comparison: 'above',
    unit: 'throttles',
    quietWhenMissing: true,
  }),
  lambdaDuration: automation({
    name: '{subject}-duration',
    subjects: ['<function>'],
    meaning: 'Automation function {subject} runs close to its timeout; the next slow run will be cut off.',
    firstCheck: 'The slowest calls in its log (AWS API waits, database size growth); raise the timeout only after that.',
    comparison: 'above',
    unit: 'ms',
    quietWhenMissing: true,
  }),
  stateMachineFailed: automation({
    name: '{subject}-failed',
    subjects: ['<workflow>'],
    meaning: 'Workflow {subject} ended in failure.',
    firstCheck: 'The failed execution in the Step Functions console (the red state and its error).',
    comparison: 'above',
    unit: 'executions',
    quietWhenMissing: true,
    steps: [
      'Open the failed execution: the red state, its input and its error.',
      'Fix the cause, then start a new execution with the same input; the run cleans up after itself, and the sweeper removes what a failed restore test left.',
    ],
  }),
  stateMachineTimedOut: automation({
    name: '{subject}-timed-out',
    subjects: ['<workflow>'],
    meaning: 'Workflow {subject} hit its timeout.',
    firstCheck: 'The timed-out execution in the Step Functions console: which state was still running.',
    comparison: 'above',
    unit: 'executions',
    quietWhenMissing: true,
  }),

  stageUnhealthy: {
    name: 'stage-unhealthy',
    meaning: 'At least one alarm that means users are, or soon will be, affected is firing.',
    firstCheck:
      "The Alarms row of the stage dashboard: which member is red (warnings: traffic, services, data), then that alarm's first check.",
    comparison: 'above',
    unit: 'alarms',
    condition: 'any of its members is in ALARM',
    thresholdSource: 'the catalog: the entries marked critical (lib/catalogs/alarm-catalog.ts)',
    severity: 'critical',
    severityReason:
      'The one page per incident: users are affected. Its members only warn, so one incident pages once, and OK ends the page.',
    steps: [
      'Acknowledge the page, then open the dashboard: the warnings widget of traffic, services and data shows which member is red.',
      "Open that member's runbook (its alarm description links it) and work through its first check.",
      'If a deployment is in progress or just finished, let ECS roll it back or roll back by hand (docs/operations.md), then investigate.',
      'The page closes by itself with the OK notification once every member is OK again.',
    ],
  },
  backupStale: {
    name: 'backup-{subject}-stale',
    subjects: ['db-snapshot', 'dr-snapshot', 'db-dump', 'config-backup', 'cache-snapshot'],
    meaning:
      'The newest {subject} backup is older than its schedule allows, or its age is unknown; a restore now would lose more data than promised.',
    firstCheck:
      "That job's backup-*-failed alarm and its function's log group; then the schedule (EventBridge rule or Scheduler) is enabled.",
    comparison: 'above',
    unit: 'hours',
    condition: 'newest copy older than 26 h (cache 7 h), or no reading, for 1 of 1 datapoints',
    thresholdSource: 'FRESHNESS_THRESHOLD_HOURS in lib/constructs/backup/backup-freshness-alarms.ts',
    severity: 'critical',
    severityReason: 'Data-loss risk: the recovery point objective is already broken, in every stage that keeps backups.',
    steps: [
      'Rerun the backup job by hand (docs/backups-and-recovery.md, "Re-running a failed job") and watch it finish.',
      'If it fails again, fix the cause from its log before anything else; the alarm clears once the monitor sees a fresh copy.',
    ],
  },
  backupFailed: {
    name: 'backup-{subject}-failed',
    subjects: ['<backup job>'],
    meaning: 'The backup job {subject} failed, or did not run, in the last day.',
    firstCheck: "The job's log group (level ERROR) at its last scheduled run.",
    comparison: 'below',
    unit: 'successful runs',
    condition: 'BackupSucceeded below 1 (or missing) over one day',
    thresholdSource: 'fixed in lib/constructs/backup/private/backup-alarm.ts',
    severity: 'critical',
    severityReason: 'Data-loss risk: a day without a good backup widens what a restore would lose.',
    steps: [
      'Fix the cause from the log (permissions, a timeout, the database or cache unreachable), then rerun the job (docs/backups-and-recovery.md, "Re-running a failed job").',
      'The alarm clears with the next good run; the matching backup-*-stale alarm pages if the gap grows past the schedule.',
    ],
  },
  restoreTestOverdue: {
    name: 'restore-test-{subject}-overdue',
    subjects: ['database', 'cache'],
    meaning: 'No {subject} restore test has passed for 8 days; backups are not proven restorable.',
    firstCheck: 'The matching restore-test failed alarm, then the last executions of the {subject} restore-test workflow.',
    comparison: 'above',
    unit: 'hours',
    condition: 'hours since the last passing test above 192, or no reading',
    thresholdSource: 'MAX_HOURS_WITHOUT_SUCCESS in lib/constructs/restore-test/restore-test-alarms.ts',
    severity: 'warning',
    severityReason: 'Nothing is broken yet and a fix takes a working day; a failed test is what pages.',
  },
  restoreTestFailed: {
    name: 'restore-test-{subject}-failed',
    subjects: ['database', 'cache'],
    meaning: 'The last {subject} restore test failed: the newest backup did not restore, or restored wrong data.',
    firstCheck: "The day's report under reports/<stage>/restore-tests/ in the backup bucket, then the failed execution.",
    comparison: 'below',
    unit: 'passed tests',
    condition: 'the last run reported RestoreSucceeded below 1',
    thresholdSource: 'fixed in lib/constructs/restore-test/restore-test-alarms.ts',
    severity: { criticalIn: ['prod'] },
    severityReason: 'In prod a backup that does not restore is a data-loss risk and pages; elsewhere it is a ticket.',
    steps: [
      'Decide from the report whether the backup or the test is at fault (a check that failed vs a step that errored).',
      'If the backup is at fault, take a manual snapshot now and treat the backups as suspect until a test passes.',
      'Rerun the test (docs/backups-and-recovery.md, "Run one now"); the alarm clears with the next passing run.',
    ],
  },
  restoreTestSlow: {
    name: 'restore-test-{subject}-slow',
    subjects: ['database', 'cache'],
    meaning: 'The last {subject} restore took longer than the recovery time objective (RTO).',
    firstCheck: "The step durations in the day's report: which step grew (snapshot size, instance class).",
    comparison: 'above',
    unit: 's',
    condition: 'the last restore took longer than restoreTest.rtoTargetMinutes',
    thresholdSource: 'restoreTest.rtoTargetMinutes of the stage config',
    severity: 'warning',
    severityReason: 'The restore worked; the RTO promise needs a decision (bigger class, new target), not a page.',
  },
  restoreWorkflowFailed: {
    name: 'restore-test-{subject}-workflow-failed',
    subjects: ['database', 'cache'],
    meaning: 'A {subject} restore-test execution failed before it could report.',
    firstCheck: 'The failed execution in the Step Functions console (the red state and its error).',
    comparison: 'above',
    unit: 'executions',
    condition: 'at least 1 failed execution in an hour',
    thresholdSource: 'fixed in lib/constructs/restore-test/restore-test-alarms.ts',
    severity: { criticalIn: ['prod'] },
    severityReason: 'A restore test that cannot run is a failed restore test: it pages in prod, as a failed test does.',
  },
  restoreWorkflowTimedOut: {
    name: 'restore-test-{subject}-workflow-timed-out',
    subjects: ['database', 'cache'],
    meaning: 'A {subject} restore-test execution timed out; it ran no cleanup, the sweeper deletes its copy.',
    firstCheck: 'The timed-out execution in the Step Functions console: which state was still running.',
    comparison: 'above',
    unit: 'executions',
    condition: 'at least 1 timed-out execution in an hour',
    thresholdSource: 'fixed in lib/constructs/restore-test/restore-test-alarms.ts',
    severity: { criticalIn: ['prod'] },
    severityReason: 'A restore that does not finish in time is a failed restore test: it pages in prod.',
  },
  restoreLeftovers: {
    name: 'restore-test-leftovers-deleted',
    meaning: 'The sweeper deleted restore-test copies a run left behind; a cleanup step is failing.',
    firstCheck: "The sweeper's log group: which copies it deleted and which run created them.",
    comparison: 'above',
    unit: 'copies',
    condition: 'at least 1 copy deleted',
    thresholdSource: 'fixed in lib/constructs/restore-test/restore-test-alarms.ts',
    severity: 'warning',
    severityReason: 'Costs money, hurts nobody; the sweeper already cleaned up.',
  },
  restoreSweeperFailing: {
    name: 'restore-test-sweeper-failing',
    meaning: 'The restore-test sweeper failed twice in a row; leftover copies may be running up costs.',
    firstCheck: "The sweeper's log group (level ERROR).",
    comparison: 'above',
    unit: 'errors',
    condition: 'errors in 2 hours in a row',
    thresholdSource: 'fixed in lib/constructs/restore-test/restore-test-alarms.ts',
    severity: 'warning',
    severityReason: 'Costs money, hurts nobody.',
  },
  drRestoreOverdue: {
    name: 'dr-restore-test-overdue',
    meaning: 'No monthly DR restore test has passed for 35 days (or the DR sweeper stopped publishing): the off-site copy is unproven.',
    firstCheck: 'The dr-restore-test-failed alarm, then the last executions of the DR restore-test workflow in the DR region.',
    comparison: 'above',
    unit: 'hours',
    condition: 'hours since the last passing DR restore above 840, or no reading',
    thresholdSource: 'DR_MAX_HOURS_WITHOUT_SUCCESS in lib/constructs/restore-test/dr-restore-test-alarms.ts',
    severity: 'warning',
    severityReason: 'Nothing is broken yet and a fix takes a working day; a failed DR restore is what pages.',
  },
  drRestoreFailed: {
    name: 'dr-restore-test-failed',
    meaning: 'The last monthly DR restore test failed: the off-site copy did not restore and verify in the DR region.',
    firstCheck:
      "The drDatabase section of the day's report under reports/<stage>/restore-tests/, then the failed execution in the DR region.",
    comparison: 'below',
    unit: 'passed tests',
    condition: 'the last run reported DrRestoreSucceeded below 1',
    thresholdSource: 'fixed in lib/constructs/restore-test/dr-restore-test-alarms.ts',
    severity: { criticalIn: ['prod'] },
    severityReason: 'In prod an off-site copy that does not restore breaks the region-loss promise and pages; elsewhere it is a ticket.',
    steps: [
      'Decide from the report whether the copy or the test is at fault (a check that failed vs a step that errored, e.g. a missing manifest copy).',
      'If the copy is at fault, check the DR-copy job (the backup-dr-snapshot alarms) and copy a fresh snapshot by hand (docs/backups-and-recovery.md).',
      'Rerun the DR workflow in the DR region (docs/backups-and-recovery.md, "DR restore test"); the alarm clears with the next passing run.',
    ],
  },
  drRestoreSlow: {
    name: 'dr-restore-test-slow',
    meaning: 'The last DR restore took longer than its RTO target: a region-loss recovery would too.',
    firstCheck: "The step durations in the drDatabase section of the day's report: which step grew (snapshot size, instance class).",
    comparison: 'above',
    unit: 's',
    condition: 'the last DR restore took longer than restoreTest.dr.rtoTargetMinutes',
    thresholdSource: 'restoreTest.dr.rtoTargetMinutes of the stage config',
    severity: 'warning',
    severityReason: 'The restore worked; the RTO promise needs a decision (bigger class, new target), not a page.',
  },
  drRestoreDataTooOld: {
    name: 'dr-restore-test-data-too-old',
    meaning: "The last DR restore's newest data was older than its RPO target: the off-site copies lag behind.",
    firstCheck: 'The DR-copy job: its last runs and the age of the newest copy in the DR region (backup-dr-snapshot-stale).',
    comparison: 'above',
    unit: 's',
    condition: "the restored copy's newest row older than restoreTest.dr.rpoTargetHours",
    thresholdSource: 'restoreTest.dr.rpoTargetHours of the stage config',
    severity: 'warning',
    severityReason: 'The stale-backup alarms page when copies stop; an old copy at test time needs a look, not a page.',
  },
  drRestoreLeftovers: {
    name: 'dr-restore-test-leftovers-deleted',
    meaning: "The DR region's sweeper deleted DR restore copies a run left behind; a cleanup step is failing.",
    firstCheck: "The DR sweeper's log group in the DR region: which copies it deleted and which run created them.",
    comparison: 'above',
    unit: 'copies',
    condition: 'at least 1 copy deleted',
    thresholdSource: 'fixed in lib/constructs/restore-test/dr-restore-test-alarms.ts',
    severity: 'warning',
    severityReason: 'Costs money, hurts nobody; the sweeper already cleaned up.',
  },
  drillRecoverySlow: {
    name: 'drill-{subject}-recovery-slow',
    subjects: ['database', 'cache', 'tasks'],
    meaning: 'The {subject} failover drill took longer than the target to recover, or did not recover.',
    firstCheck: 'The drill report under reports/<stage>/drills/: the probe timeline shows where recovery stalled.',
    comparison: 'above',
    unit: 's',
    condition: 'recovery time above recovery.drills.targetRecoverySeconds',
    thresholdSource: 'recovery.drills.targetRecoverySeconds of the stage config',
    severity: 'warning',
    severityReason: 'A drill is an exercise: the finding needs engineering, not a page (a real outage pages through stage-unhealthy).',
  },
  drillFailed: {
    name: 'drill-failed',
    meaning: 'A failover drill run failed, timed out or was aborted.',
    firstCheck: 'The drill execution in the Step Functions console and the drill report.',
    comparison: 'above',
    unit: 'runs',
    condition: 'at least 1 run not succeeded in 5 min',
    thresholdSource: 'fixed in lib/constructs/drills/recovery-drills.ts',
    severity: 'warning',
    severityReason: 'A drill is an exercise; the FIS stop condition and stage-unhealthy cover a drill that really hurts users.',
  },
  syntheticAvailability: {
    name: 'synthetic-availability',
    meaning: "The stage's public health URL, probed from outside like a user, fails or is too slow.",
    firstCheck: "The probe's log group (the status or error of each failed request), then the CDN and load balancer.",
    comparison: 'below',
    unit: '%',
    condition: 'availability below recovery.healthCheck.availabilityAlarmPercent for alarmMinutes (missing probes count as down)',
    thresholdSource: 'recovery.healthCheck of the stage config',
    severity: 'critical',
    severityReason:
      'Users cannot reach the stage; it also sees outages the load balancer alarms miss (DNS, CDN, a load balancer with no traffic).',
    steps: [
      'Open the URL yourself; if it works, check the probe (a failing probe function fires its own errors alarm).',
      'If it fails: the CloudFront distribution, the WAF (blocked requests) and the load balancer target health, in that order.',
    ],
  },
  alertDigestFailing: {
    name: 'alert-digest-failing',
    meaning: "The daily warning digest failed or was throttled: the day's warnings reached nobody.",
    firstCheck: "The alert-digest function's log group (level ERROR) at the alarm time.",
    comparison: 'above',
    unit: 'errors',
    condition: 'at least 1 error or throttle of the alert-digest function in 5 min',
    thresholdSource: 'fixed in lib/constructs/monitoring/alert-digest.ts',
    severity: 'critical',
    severityReason:
      'Under the daily digest warning alarms notify nobody themselves: a dead digest silently drops every warning of the stage.',
    steps: [
      'Read the error: AccessDenied points at the role (DescribeAlarms, DescribeAlarmHistory, sns:Publish, the topic key), a timeout at the listing.',
      "Once fixed, run the function by hand (Lambda console, Test with {}) to send the day's digest; the alarm clears when the errors stop.",
      'Meanwhile read the warnings in the CloudWatch console (Alarms, filter by the stage prefix) or set monitoring.alerts.warningDelivery to each-alarm.',
    ],
  },
};

/** The composite alarm over the alarms that mean users are affected (the `critical` members): the one answer to "is the stage healthy?". */
export const STAGE_UNHEALTHY = ALARM_CATALOG.stageUnhealthy;

/** The severity of one alarm kind in one stage. */
export function severityOf(kind: AlarmKind, stage: string): Severity {
  const severity = ALARM_CATALOG[kind].severity;
  if (typeof severity === 'string') return severity;
  return severity.criticalIn.includes(stage) ? 'critical' : 'warning';
}

/** The severity as the alarm table and runbooks show it: `critical`, `warning`, or `critical in prod, else warning`. */
export function severityText(kind: AlarmKind): string {
  const severity = ALARM_CATALOG[kind].severity;
  return typeof severity === 'string' ? severity : `critical in ${severity.criticalIn.join(', ')}, else warning`;
}

/** The runbook's file name without `.md`: the alarm name, or for a `{subject}` family the catalog key in kebab case. */
export function runbookName(kind: AlarmKind): string {
  const { name } = ALARM_CATALOG[kind];
  return name.includes('{subject}') ? kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase() : name;
}

/** The description of an alarm whose condition its construct states (backups, restore tests, drills, health check). */
export function describeOperationsAlarm(kind: AlarmKind, condition: string, subject?: string): string {
  const entry = ALARM_CATALOG[kind];
  return `${fillSubject(entry.meaning, subject)} Fires when ${condition}. First check: ${fillSubject(entry.firstCheck, subject)}`;
}

export function alarmName(stage: string, kind: AlarmKind, subject?: string): string {
  const pattern = ALARM_CATALOG[kind].name;
  if (pattern.includes('{subject}') && !subject)
    throw new Error(`Alarm kind "${kind}" (${pattern}) needs a subject: the service, instance, node or function it watches.`);
  return `${stage}-${fillSubject(pattern, subject)}`;
}

export function isCritical(kind: AlarmKind, subject?: string): boolean {
  const critical = ALARM_CATALOG[kind].critical;
  return critical === true || (critical !== undefined && subject !== undefined && critical.includes(subject));
}

/** "above 1 % for 5 of 5 datapoints of 1 min": the condition as an operator reads it. */
export function describeCondition(kind: AlarmKind, settings: AlarmSettings): string {
  const entry = ALARM_CATALOG[kind];
  const unit = entry.unit === '%' ? ' %' : ` ${entry.unit}`;
  const minutes = settings.periodSeconds / 60;
  return `${entry.comparison} ${settings.threshold}${unit} for ${settings.datapointsToAlarm} of ${settings.evaluationPeriods} datapoints of ${minutes} min`;
}

/** The CloudWatch alarm description: meaning, condition, first check. */
export function describeAlarm(kind: AlarmKind, settings: AlarmSettings, subject?: string): string {
  const entry = ALARM_CATALOG[kind];
  return `${fillSubject(entry.meaning, subject)} Fires when ${describeCondition(kind, settings)}. First check: ${fillSubject(entry.firstCheck, subject)}`;
}

function fillSubject(text: string, subject: string | undefined): string {
  return text.replaceAll('{subject}', subject ?? 'it');
}

/** The alarms behind "stage unhealthy", as name patterns: `api-5xx-rate, db-primary-cpu, db-*-free-storage …`. */
export function criticalAlarmPatterns(): string[] {
  return (Object.keys(ALARM_CATALOG) as AlarmKind[]).flatMap((kind) => {
    const { name, critical } = ALARM_CATALOG[kind];
    if (critical === undefined) return [];
    return critical === true ? [name.replaceAll('{subject}', '*')] : critical.map((subject) => fillSubject(name, subject));
  });
}
