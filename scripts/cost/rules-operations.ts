import { line, type PricingRule, scale } from './line';
import type { Architecture } from './prices';
import type { EstimateLine } from './estimate-types';
import { numberProperty, type Resource, resourcesOf } from './template';

/** Lambda: GB-seconds per architecture and requests, from each function's memory and the usage assumption. */
export const lambdaFunctions: PricingRule = ({ stack, prices, assumptions }) => {
  const functions = resourcesOf(stack.template, 'AWS::Lambda::Function');
  const lines: EstimateLine[] = [];
  for (const arch of ['ARM64', 'X86_64'] as Architecture[]) {
    const matching = functions.filter(
      (f) => ((f.properties.Architectures as string[] | undefined)?.[0] === 'arm64' ? 'ARM64' : 'X86_64') === arch,
    );
    if (matching.length === 0) continue;
    const memoryGb = matching.reduce((sum, f) => sum + (numberProperty(f.properties.MemorySize) ?? 128) / 1024, 0);
    const { lambdaInvocations: calls, lambdaSeconds: seconds } = assumptions;
    lines.push(
      line(
        'Automation',
        `Lambda compute, ${matching.length} ${arch} function(s), ${memoryGb} GB in all`,
        stack.stackName,
        { min: memoryGb * calls.min * seconds.min, max: memoryGb * calls.max * seconds.max },
        'GB-second',
        prices.lambdaGbSecond[arch],
      ),
    );
  }
  if (functions.length > 0) {
    lines.push(
      line(
        'Automation',
        `Lambda requests, ${functions.length} function(s)`,
        stack.stackName,
        scale(assumptions.lambdaInvocations, functions.length / 1e6),
        'million requests',
        prices.lambdaRequestMillion,
      ),
    );
  }
  return lines;
};

export const stateMachines: PricingRule = ({ stack, prices, assumptions }) => {
  const count = resourcesOf(stack.template, 'AWS::StepFunctions::StateMachine').length;
  return count === 0
    ? []
    : [
        line(
          'Automation',
          `Step Functions transitions, ${count} state machine(s)`,
          stack.stackName,
          scale(assumptions.stepFunctionTransitions, count / 1000),
          '1,000 transitions',
          prices.stepFunctionsThousandTransitions,
        ),
      ];
};

interface AlarmMetric {
  readonly MetricStat?: { readonly Period?: unknown };
}

/** Metrics an alarm is billed for: one for a plain alarm, each MetricStat of a metric-math alarm; high resolution below 60 s. */
function alarmMetrics(alarm: Resource): { standard: number; highResolution: number } {
  const metrics = alarm.properties.Metrics as AlarmMetric[] | undefined;
  const periods = metrics
    ? metrics.filter((m) => m.MetricStat).map((m) => numberProperty(m.MetricStat?.Period) ?? 60)
    : [numberProperty(alarm.properties.Period) ?? 60];
  const highResolution = periods.filter((p) => p < 60).length;
  return { standard: periods.length - highResolution, highResolution };
}

export const alarmsAndDashboards: PricingRule = ({ stack, prices }) => {
  const metrics = resourcesOf(stack.template, 'AWS::CloudWatch::Alarm').map(alarmMetrics);
  const standard = metrics.reduce((sum, m) => sum + m.standard, 0);
  const highResolution = metrics.reduce((sum, m) => sum + m.highResolution, 0);
  const composite = resourcesOf(stack.template, 'AWS::CloudWatch::CompositeAlarm').length;
  const dashboards = resourcesOf(stack.template, 'AWS::CloudWatch::Dashboard').length;
  const { cloudwatch } = prices;
  return [
    standard > 0 &&
      line(
        'Monitoring',
        `CloudWatch alarms, ${metrics.length} alarm(s)`,
        stack.stackName,
        standard,
        'alarm metric-month',
        cloudwatch.alarmMonth,
      ),
    highResolution > 0 &&
      line(
        'Monitoring',
        'CloudWatch high-resolution alarm metrics',
        stack.stackName,
        highResolution,
        'alarm metric-month',
        cloudwatch.highResolutionAlarmMonth,
      ),
    composite > 0 &&
      line('Monitoring', 'CloudWatch composite alarms', stack.stackName, composite, 'alarm-month', cloudwatch.compositeAlarmMonth),
    dashboards > 0 &&
      line('Monitoring', 'CloudWatch dashboards', stack.stackName, dashboards, 'dashboard-month', cloudwatch.dashboardMonth),
  ].filter((l): l is EstimateLine => l !== false);
};

/** Log groups: ingestion per the assumption, and what their retention keeps stored once it is steady. */
export const logGroups: PricingRule = ({ stack, prices, assumptions }) => {
  const groups = resourcesOf(stack.template, 'AWS::Logs::LogGroup');
  if (groups.length === 0) return [];
  const storedMonths = groups.reduce((sum, g) => sum + Math.min(numberProperty(g.properties.RetentionInDays) ?? 365, 365) / 30, 0);
  return [
    line(
      'Monitoring',
      `Log ingestion, ${groups.length} log group(s)`,
      stack.stackName,
      scale(assumptions.logGbPerGroup, groups.length),
      'GB',
      prices.cloudwatch.logIngestGb,
    ),
    line(
      'Monitoring',
      'Log storage at retention',
      stack.stackName,
      scale(assumptions.logGbPerGroup, storedMonths),
      'GB-month',
      prices.cloudwatch.logStorageGbMonth,
    ),
  ];
};

function counted(
  type: string,
  group: EstimateLine['group'],
  item: string,
  unit: string,
  price: (p: Parameters<PricingRule>[0]['prices']) => number,
): PricingRule {
  return ({ stack, prices }) => {
    const count = resourcesOf(stack.template, type).length;
    return count === 0 ? [] : [line(group, `${item} × ${count}`, stack.stackName, count, unit, price(prices))];
  };
}

export const secrets = counted('AWS::SecretsManager::Secret', 'Security', 'Secrets Manager secrets', 'secret-month', (p) => p.secretMonth);
export const kmsKeys = counted('AWS::KMS::Key', 'Security', 'KMS customer managed keys', 'key-month', (p) => p.kmsKeyMonth);

export const buckets: PricingRule = ({ stack, prices, assumptions }) => {
  const count = resourcesOf(stack.template, 'AWS::S3::Bucket').length;
  return count === 0
    ? []
    : [
        line(
          'Storage',
          `S3 Standard, ${count} bucket(s)`,
          stack.stackName,
          scale(assumptions.s3GbPerBucket, count),
          'GB-month',
          prices.s3GbMonth,
        ),
      ];
};

export const distributions: PricingRule = ({ stack, prices, assumptions }) => {
  const count = resourcesOf(stack.template, 'AWS::CloudFront::Distribution').length;
  if (count === 0) return [];
  return [
    line(
      'CDN',
      `CloudFront data out, ${count} distribution(s)`,
      stack.stackName,
      scale(assumptions.cloudfrontGb, count),
      'GB',
      prices.cloudfrontGb,
    ),
    line(
      'CDN',
      'CloudFront HTTPS requests',
      stack.stackName,
      scale(assumptions.cloudfrontRequestsMillion, count * 100),
      '10,000 requests',
      prices.cloudfrontHttpsTenThousand,
    ),
  ];
};

export const webAcls: PricingRule = ({ stack, prices, assumptions }) => {
  const acls = resourcesOf(stack.template, 'AWS::WAFv2::WebACL');
  if (acls.length === 0) return [];
  const rules = acls.reduce((sum, acl) => sum + ((acl.properties.Rules as unknown[] | undefined)?.length ?? 0), 0);
  return [
    line('Security', `WAF web ACLs × ${acls.length}`, stack.stackName, acls.length, 'web ACL-month', prices.wafWebAclMonth),
    ...(rules > 0 ? [line('Security', `WAF rules × ${rules}`, stack.stackName, rules, 'rule-month', prices.wafRuleMonth)] : []),
    line(
      'Security',
      'WAF requests',
      stack.stackName,
      scale(assumptions.wafRequestsMillion, acls.length),
      'million requests',
      prices.wafRequestMillion,
    ),
  ];
};

/** SQS: requests per queue by the usage assumption (consumers' polls, sends, deletes). */
export const queues: PricingRule = ({ stack, prices, assumptions }) => {
  const count = resourcesOf(stack.template, 'AWS::SQS::Queue').length;
  return count === 0
    ? []
    : [
        line(
          'Automation',
          `SQS requests, ${count} queue(s)`,
          stack.stackName,
          scale(assumptions.sqsRequestsMillionPerQueue, count),
          'million requests',
          prices.sqsRequestMillion,
        ),
      ];
};

/** SNS: publishes per topic by the usage assumption, and each one's delivery to every email subscription of the stack's topics. */
export const topics: PricingRule = ({ stack, prices, assumptions }) => {
  const count = resourcesOf(stack.template, 'AWS::SNS::Topic').length;
  if (count === 0) return [];
  const emails = resourcesOf(stack.template, 'AWS::SNS::Subscription').filter((s) => s.properties.Protocol === 'email').length;
  const perTopic = assumptions.snsPublishesPerTopic;
  return [
    line(
      'Monitoring',
      `SNS publishes, ${count} topic(s)`,
      stack.stackName,
      scale(perTopic, count / 1e6),
      'million publishes',
      prices.snsPublishMillion,
    ),
    ...(emails > 0
      ? [
          line(
            'Monitoring',
            `SNS email deliveries, ${emails} subscription(s)`,
            stack.stackName,
            scale(perTopic, emails / 1e5),
            '100,000 emails',
            prices.snsEmailHundredThousand,
          ),
        ]
      : []),
  ];
};

/** AWS Budgets: free while the payer account has at most two active budgets (min), billed per day beyond (max). */
export const budgets: PricingRule = ({ stack, prices, assumptions }) => {
  const count = resourcesOf(stack.template, 'AWS::Budgets::Budget').length;
  return count === 0
    ? []
    : [
        line(
          'Monitoring',
          `AWS Budgets, ${count} budget(s)`,
          stack.stackName,
          { min: 0, max: (count * assumptions.hoursPerMonth) / 24 },
          'budget-day',
          prices.budgetDay,
        ),
      ];
};
