import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { cdkJsonContext } from '../../scripts/support/cdk-context';

export const TEST_ENV = { account: '111111111111', region: 'eu-west-1' };
export const TEST_AZS = ['eu-west-1a', 'eu-west-1b'];

/** An app with cdk.json's feature flags that skips Lambda bundling: construct tests assert templates, not bundles. */
export function testApp(): App {
  return new App({ context: cdkJsonContext() });
}

/** A stack with an explicit environment and AZs, so nothing is looked up. */
export function testStack(app: App = testApp(), id = 'Test'): Stack {
  const stack = new Stack(app, id, { env: TEST_ENV });
  Object.defineProperty(stack, 'availabilityZones', { get: () => TEST_AZS });
  return stack;
}

/** A VPC with the three subnet tiers the platform uses. */
export function testVpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: TEST_AZS,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}

/** cdk-nag AwsSolutions findings left after acknowledgements, as `path: rule` lines for readable failures. */
export function nagFindings(scope: IConstruct): string[] {
  return findings(new AwsSolutionsChecks().validateScope(scope));
}

/** cdk-nag NIST 800-53 rev 5 findings left after acknowledgements, as `path: rule` lines. */
export function nistFindings(scope: IConstruct): string[] {
  return findings(new NIST80053R5Checks().validateScope(scope));
}

function findings(report: ReturnType<AwsSolutionsChecks['validateScope']>): string[] {
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${r.constructPath ?? r.resourceLogicalId ?? '?'}: ${v.ruleName}`),
  );
}
