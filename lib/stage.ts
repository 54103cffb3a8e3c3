import { AspectPriority, Aspects, IAspect } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EncryptLogGroups } from './aspects/log-encryption';
import { ScopeLogRetentionProvider } from './aspects/log-retention-scope';
import { ProviderFunctionLogGroups } from './aspects/provider-logs';
import { AlarmLinks } from './aspects/alarm-links';
import { AcknowledgeRoleDefaultPolicies } from './aspects/role-default-policies';
import { StageTags } from './aspects/stage-tags';
import { StageConfig } from './config/types';
import { AlertingStack } from './stacks/alerting-stack';
import { BackupStack } from './stacks/backup-stack';
import { CostStack } from './stacks/cost-stack';
import { DataStack } from './stacks/data-stack';
import { DeliveryStack } from './stacks/delivery-stack';
import { DrStack, drKeyAliasArn } from './stacks/dr-stack';
import { DrRestoreTestStack } from './stacks/dr-restore-test-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { NetworkStack } from './stacks/network-stack';
import { RestoreTestStack } from './stacks/restore-test-stack';
import { ServicesStack } from './stacks/services-stack';

/** The stacks of one stage, in deployment order. */
export interface StageStacks {
  readonly alerting: AlertingStack;
  readonly network: NetworkStack;
  readonly dr: DrStack;
  readonly data: DataStack;
  readonly services: ServicesStack;
  readonly backup: BackupStack;
  readonly restoreTest: RestoreTestStack;
  readonly drRestoreTest: DrRestoreTestStack;
  readonly cost: CostStack;
  readonly monitoring: MonitoringStack;
  readonly delivery: DeliveryStack;
}

/**
 * Builds every stack of one stage. The stage-wide changes (log groups and their encryption, the
 * LogRetention scope, nag acknowledgements, the Project and Stage tags) are Aspects added once on
 * `scope` (see lib/aspects/): they reach every stack of the stage, built before them or after, so no
 * stack has to call anything "once it is built".
 */
export function createStageStacks(scope: Construct, config: StageConfig): StageStacks {
  const alerting = new AlertingStack(scope, config);
  // Alarm builders take the routing and send each alarm to its severity's topic (routeAlarm).
  const alarmTopic = alerting.routing;
  const network = new NetworkStack(scope, config);
  const dr = new DrStack(scope, config);
  const data = new DataStack(scope, config, { vpc: network.vpc });
  const services = new ServicesStack(scope, config, { vpc: network.vpc, database: data.database, cache: data.cache, alarmTopic });
  const backup = new BackupStack(scope, config, {
    data,
    services,
    alarmTopic,
    drKmsKeyArn: drKeyAliasArn(config),
    drManifestBucket: dr.manifestBucket,
  });
  // The DR key is named by alias, not referenced across regions; deploy it first all the same.
  backup.addStackDependency(dr);
  const restoreTest = new RestoreTestStack(scope, config, { data, alarmTopic });
  // Each run's summary is for whoever watches recovery, not a page: the failure alarms page where it matters.
  const drRestoreTest = new DrRestoreTestStack(scope, config, { dr, backupBucket: data.backupBucket, alarmTopic: alerting.topics.warning });
  // Its function's failure alarms route by severity; budgets, anomalies and reports go to its own cost topic.
  const cost = new CostStack(scope, config, { data, alarmTopic });
  const automationLogGroups = [...backup.automationLogGroups, ...restoreTest.automationLogGroups];
  const monitoring = new MonitoringStack(scope, config, { data, services, alarmTopic, costs: cost.costs, automationLogGroups });
  const delivery = new DeliveryStack(scope, config);
  const stacks: StageStacks = { alerting, network, dr, data, services, backup, restoreTest, drRestoreTest, cost, monitoring, delivery };
  const stageAspects: IAspect[] = [
    // CDK's provider functions get log groups with the stage's retention; the LogRetention provider only the groups it manages.
    new ProviderFunctionLogGroups(config.stage, config.logRetentionDays),
    new ScopeLogRetentionProvider(config.stage),
    // Log groups the provider aspect adds are visited too: CDK runs Aspects on constructs other Aspects add.
    new EncryptLogGroups(config.stage, alerting.logsKey),
    new AcknowledgeRoleDefaultPolicies(config.stage),
    new StageTags(config.stage, config.project),
    new AlarmLinks({
      stage: config.stage,
      region: config.env.region,
      dashboardName: `${config.stage}-${config.monitoring.dashboard.nameSuffix}`,
      runbookBaseUrl: config.monitoring.alerts.runbookBaseUrl,
    }),
  ];
  for (const aspect of stageAspects) Aspects.of(scope).add(aspect, { priority: AspectPriority.MUTATING });
  return stacks;
}
