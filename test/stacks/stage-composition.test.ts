import { Match } from 'aws-cdk-lib/assertions';
import { resolveStageConfigs } from '../../lib/config/resolve';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { synthStage } from '../support/stage-synth';
import { configErrorMessage } from '../support/config-errors';

const PARTS = [
  'alerting',
  'network',
  'dr',
  'data',
  'services',
  'backup',
  'restore-test',
  'dr-restore-test',
  'cost',
  'monitoring',
  'delivery',
];

describe.each(STAGE_NAMES)('%s composition', (stage: StageName) => {
  const config = STAGES[stage];
  const synth = () => synthStage(stage);

  test('every stack is named <stage>-<part> and deployed to the stage account', () => {
    const stacks = Object.values(synth().facts);
    expect(stacks.map((s) => s.stackName).sort()).toEqual(PARTS.map((p) => `${stage}-${p}`).sort());
    for (const s of stacks) expect(s.account).toBe(config.env.account);
  });

  test('the DR key lives in the DR region, is rotated and retained, and deploys before the backup jobs', () => {
    const { dr, backup } = synth().facts;
    expect(dr.region).toBe(config.backup.drRegion);
    expect(dr.region).not.toBe(config.env.region);
    synth().templates.dr.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    expect(backup.dependencies).toContain(`${stage}-dr`);
  });

  test('the API rolls back on its 5xx and latency alarms, named rather than referenced', () => {
    const services = synth().templates.services;
    const names = [`${stage}-api-5xx-rate`, `${stage}-api-latency-p95`];
    services.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ Alarms: { AlarmNames: names, Enable: true, Rollback: true } }),
    });
    for (const name of names) services.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: name });
  });

  test('with the placeholder image no migration runs (with real images both services wait for it: deploy-order.test.ts)', () => {
    expect(synth().templates.services.findResources('Custom::DatabaseMigration')).toEqual({});
  });

  test('every critical alarm notifies an alert topic on ALARM and OK; a warning on ALARM only, or not at all under the daily digest (scaling alarms drive scaling instead)', () => {
    const digested = config.monitoring.alerts.warningDelivery === 'daily-digest';
    const silent: string[] = [];
    let count = 0;
    for (const [part, template] of Object.entries(synth().templates)) {
      const policies = Object.keys(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'));
      for (const [id, alarm] of Object.entries(template.findResources('AWS::CloudWatch::Alarm'))) {
        count++;
        const actions = JSON.stringify(alarm.Properties.AlarmActions ?? []);
        if (policies.some((policy) => actions.includes(`"Ref":"${policy}"`))) continue;
        const notifies = (list: unknown) => /Alerts/.test(JSON.stringify(list ?? []));
        const critical = JSON.stringify(alarm.Properties.AlarmDescription).includes('Severity: critical.');
        const alarms = critical || !digested;
        if (!(notifies(alarm.Properties.AlarmActions) === alarms && notifies(alarm.Properties.OKActions) === critical))
          silent.push(`${part}/${id}`);
      }
    }
    expect(count).toBeGreaterThan(60);
    expect(silent).toEqual([]);
  });

  test('the dashboard has the Recovery and Backups rows', () => {
    const body = JSON.stringify(
      Object.values(synth().templates.monitoring.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody,
    );
    for (const row of ['Traffic', 'Database', 'Cache', 'Recovery', 'Backups']) expect(body).toContain(row);
  });

  test(`the CDN is ${config.delivery.cdn.enabled ? 'on and the only way to the ALB' : 'off and the ALB serves directly'}`, () => {
    const services = synth().templates.services;
    const albGroups = Object.values(
      services.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('ELB') } }),
    );
    const openToWorld = albGroups
      .flatMap((g) => g.Properties.SecurityGroupIngress ?? [])
      .filter((r: { CidrIp?: string }) => r.CidrIp === '0.0.0.0/0');
    if (!config.delivery.cdn.enabled) {
      services.resourceCountIs('AWS::CloudFront::Distribution', 0);
      expect(openToWorld.length).toBeGreaterThan(0);
      return;
    }
    services.resourceCountIs('AWS::CloudFront::Distribution', 1);
    expect(openToWorld).toEqual([]);
    services.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 443, SourcePrefixListId: Match.stringLikeRegexp('^pl-') });
    services.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '403' }) })],
    });
    services.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: Match.arrayWith([
        Match.objectLike({ Field: 'http-header', HttpHeaderConfig: Match.objectLike({ HttpHeaderName: 'X-Origin-Verify' }) }),
      ]),
    });
  });
});

describe('cross-slice rules', () => {
  test('the CDN needs an origin name the ALB certificate covers', () => {
    expect(
      configErrorMessage(() => resolveStageConfigs({ stage: 'dev', overrides: { dev: { delivery: { cdn: { enabled: true } } } } })),
    ).toMatch(/dev\.ingress\.domainName: got undefined; expected a DNS name covered by ingress\.certificateArn/);
  });

  test('the off-site copy must go to another region', () => {
    expect(
      configErrorMessage(() => resolveStageConfigs({ stage: 'dev', overrides: { dev: { backup: { drRegion: 'eu-west-1' } } } })),
    ).toMatch(/dev\.backup\.drRegion: got "eu-west-1"; expected a region other than the stage's own/);
  });

  test('only one stage per account may create the GitHub OIDC provider', () => {
    const shared = { env: { account: '111111111111' }, delivery: { createOidcProvider: true } };
    expect(
      configErrorMessage(() => resolveStageConfigs({ allowPlaceholderImages: 'true', overrides: { dev: shared, staging: shared } })),
    ).toMatch(
      /staging\.delivery\.createOidcProvider: got true; expected false: stage "dev" already creates the OIDC provider of account 111111111111/,
    );
  });

  test('a drill needs something to fail over to', () => {
    expect(configErrorMessage(() => resolveStageConfigs({ stage: 'staging', overrides: { staging: { cache: { nodes: 1 } } } }))).toMatch(
      /staging\.recovery\.drills\.kinds\[\d\]: got "cache"; expected a drill this stage can survive/,
    );
  });
});
