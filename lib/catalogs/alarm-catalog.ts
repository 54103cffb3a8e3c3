import { ALARM_THRESHOLD_LIMITS, AlarmSettings, MonitoringAlarmKey } from '../config/monitoring';

/** Alarms whose threshold is not stage config: the Lambda and Step Functions one-liners and the composite. */
export type AutomationAlarmKind = 'lambdaErrors' | 'lambdaThrottles' | 'lambdaDuration' | 'stateMachineFailed' | 'stateMachineTimedOut';
export type AlarmKind = MonitoringAlarmKey | AutomationAlarmKind;

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
  /** Part of the composite "stage unhealthy" alarm: for every subject (`true`) or only the listed ones. */
  readonly critical?: true | readonly string[];
  /** A missing datapoint means "nothing happened" (no requests, no messages) rather than "unknown". */
  readonly quietWhenMissing?: boolean;
}

function configured(key: MonitoringAlarmKey, entry: Omit<AlarmEntry, 'unit'>): AlarmEntry {
  return { ...entry, unit: ALARM_THRESHOLD_LIMITS[key].unit };
}

export const ALARM_CATALOG: Readonly<Record<AlarmKind, AlarmEntry>> = {
  api5xxRate: configured('api5xxRate', {
    name: 'api-5xx-rate',
    meaning: 'Too many API requests fail with a 5xx (from the tasks or from the load balancer itself). ECS rolls a deployment back on it.',
    firstCheck: 'Recent deployments (ECS service events), then the API log group for stack traces.',
    comparison: 'above',
    critical: true,
    quietWhenMissing: true,
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
  lambdaErrors: {
    name: '{subject}-errors',
    subjects: ['<function>'],
    meaning: 'Automation function {subject} failed.',
    firstCheck: "The function's log group (JSON logs, level ERROR) at the alarm time.",
    comparison: 'above',
    unit: 'errors',
    quietWhenMissing: true,
  },
  lambdaThrottles: {
    name: '{subject}-throttles',
    subjects: ['<function>'],
    meaning: 'Automation function {subject} was throttled and did not run.',
    firstCheck: 'Account concurrency (Lambda console, "Concurrent executions") and reserved concurrency of the function.',
    comparison: 'above',
    unit: 'throttles',
    quietWhenMissing: true,
  },
  lambdaDuration: {
    name: '{subject}-duration',
    subjects: ['<function>'],
    meaning: 'Automation function {subject} runs close to its timeout; the next slow run will be cut off.',
    firstCheck: 'The slowest calls in its log (AWS API waits, database size growth); raise the timeout only after that.',
    comparison: 'above',
    unit: 'ms',
    quietWhenMissing: true,
  },
  stateMachineFailed: {
    name: '{subject}-failed',
    subjects: ['<workflow>'],
    meaning: 'Workflow {subject} ended in failure.',
    firstCheck: 'The failed execution in the Step Functions console (the red state and its error).',
    comparison: 'above',
    unit: 'executions',
    quietWhenMissing: true,
  },
  stateMachineTimedOut: {
    name: '{subject}-timed-out',
    subjects: ['<workflow>'],
    meaning: 'Workflow {subject} hit its timeout.',
    firstCheck: 'The timed-out execution in the Step Functions console: which state was still running.',
    comparison: 'above',
    unit: 'executions',
    quietWhenMissing: true,
  },
};

/** The composite alarm over every critical alarm: the one answer to "is the stage healthy?". */
export const STAGE_UNHEALTHY = {
  name: 'stage-unhealthy',
  meaning: 'At least one critical alarm of the stage is firing; users are, or soon will be, affected.',
  firstCheck: "The Alarms row of the stage dashboard: which critical alarm is red, then that alarm's first check.",
} as const;

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
