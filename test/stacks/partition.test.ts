import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { STAGES } from '../../lib/config/stages';
import { StageConfig } from '../../lib/config/types';
import { dnsSuffixOf, partitionOf, regionalServiceName } from '../../lib/constructs/common/aws-partition';
import { LogsKey } from '../../lib/constructs/monitoring/logs-key';
import { drKeyAliasArn } from '../../lib/stacks/dr-stack';

/** The prod config with its DR copies in another region (and partition). */
function withDrRegion(drRegion: string): StageConfig {
  return { ...STAGES.prod, backup: { ...STAGES.prod.backup, drRegion } };
}

describe('the DR key alias ARN names the partition of the DR region', () => {
  test('commercial regions: arn:aws', () => {
    expect(drKeyAliasArn(STAGES.prod)).toBe(
      `arn:aws:kms:${STAGES.prod.backup.drRegion}:${STAGES.prod.env.account}:alias/${STAGES.prod.project}-prod-backup-dr`,
    );
  });

  test.each([
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-east-1', 'aws-us-gov'],
  ])('%s: arn:%s', (region, partition) => {
    expect(drKeyAliasArn(withDrRegion(region))).toMatch(new RegExp(`^arn:${partition}:kms:${region}:\\d{12}:alias/`));
  });
});

describe('partition of a region', () => {
  test('agrees with CDK region facts for every region CDK knows', () => {
    const disagreements = RegionInfo.regions
      .filter((r) => r.partition !== undefined)
      .filter((r) => partitionOf(r.name) !== r.partition || dnsSuffixOf(r.name) !== r.domainSuffix)
      .map((r) => `${r.name}: ${partitionOf(r.name)} ${dnsSuffixOf(r.name)}, CDK says ${r.partition} ${r.domainSuffix}`);
    expect(RegionInfo.regions.length).toBeGreaterThan(30);
    expect(disagreements).toEqual([]);
  });

  test('a region CDK does not know yet falls in the partition its name says', () => {
    expect(partitionOf('cn-south-9')).toBe('aws-cn');
    expect(partitionOf('ap-west-9')).toBe('aws');
  });

  test('regional service names use the partition domain', () => {
    expect(regionalServiceName('logs', 'eu-west-1')).toBe('logs.eu-west-1.amazonaws.com');
    expect(regionalServiceName('rds', 'cn-north-1')).toBe('rds.cn-north-1.amazonaws.com.cn');
  });

  test('refuses what is not a region name, naming it', () => {
    expect(() => partitionOf('eu-west-1(')).toThrow(
      'region: "eu-west-1(" is not a region name; a partition needs a concrete region such as "eu-west-1"',
    );
  });
});

test('the logs key lets the CloudWatch Logs service of its own partition use it', () => {
  const stack = new Stack(new App(), 'China', { env: { account: '111111111111', region: 'cn-north-1' } });
  new LogsKey(stack, 'Logs', { stage: 'dev' });
  const statements = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement as Array<{
    Sid?: string;
    Principal?: unknown;
  }>;
  expect(statements.find((s) => s.Sid === 'AllowCloudWatchLogsOfThisAccount')?.Principal).toEqual({
    Service: 'logs.cn-north-1.amazonaws.com.cn',
  });
});
