import { readFileSync } from 'node:fs';
import { describeFindings, LintTarget, parseCfnLintReport } from '../../scripts/ci/cfn-lint';

const targets: LintTarget[] = [
  { stage: 'dev', stack: 'dev-monitoring', file: '/out/dev-monitoring.template.json', region: 'eu-west-1' },
  { stage: 'prod', stack: 'prod-network', file: '/out/prod-network.template.json', region: 'eu-west-1' },
];

/** One entry as `cfn-lint -f json` prints it (1.x). */
function match(file: string, id: string, level: string, message: string, path: (string | number)[]) {
  return {
    Filename: file,
    Id: 'x',
    Level: level,
    Message: message,
    ParentId: null,
    Rule: { Id: id, Description: '', ShortDescription: '', Source: '' },
    Location: { Start: { LineNumber: 33, ColumnNumber: 14 }, End: { LineNumber: 39, ColumnNumber: 15 }, Path: path },
  };
}

describe('cfn-lint report', () => {
  const report = JSON.stringify([
    match('/out/dev-monitoring.template.json', 'E1022', 'Error', "{'Fn::GetStackOutput': {...}} is not of type 'string'", [
      'Resources',
      'Alarm',
      'Properties',
      'Dimensions',
      0,
      'Value',
    ]),
    match('/out/prod-network.template.json', 'W3010', 'Warning', "Avoid hardcoding availability zones 'eu-west-1a'", [
      'Resources',
      'Subnet',
      'Properties',
      'AvailabilityZone',
    ]),
    match('/out/prod-network.template.json', 'W3010', 'Warning', "Avoid hardcoding availability zones 'eu-west-1b'", [
      'Resources',
      'Subnet2',
      'Properties',
      'AvailabilityZone',
    ]),
  ]);

  test('names the stage, stack, rule, place and message of each finding', () => {
    expect(parseCfnLintReport(report, targets)[0]).toEqual({
      stage: 'dev',
      stack: 'dev-monitoring',
      rule: 'E1022',
      level: 'Error',
      message: "{'Fn::GetStackOutput': {...}} is not of type 'string'",
      path: 'Resources/Alarm/Properties/Dimensions/0/Value',
      line: 33,
    });
  });

  test('prints every error in full, then each stage with its counts per rule', () => {
    expect(describeFindings('app images', ['dev', 'staging', 'prod'], parseCfnLintReport(report, targets))).toEqual([
      "  ERROR E1022 dev-monitoring Resources/Alarm/Properties/Dimensions/0/Value (line 33): {'Fn::GetStackOutput': {...}} is not of type 'string'",
      '  dev (app images): 1 errors, 0 warnings (errors E1022 ×1)',
      '  staging (app images): 0 errors, 0 warnings',
      '  prod (app images): 0 errors, 2 warnings (warnings W3010 ×2)',
    ]);
  });

  test('an empty run is an empty report', () => {
    expect(parseCfnLintReport('', targets)).toEqual([]);
    expect(parseCfnLintReport('[]', targets)).toEqual([]);
  });

  test('refuses output that is not its report, or a template it was not given', () => {
    expect(() => parseCfnLintReport('Traceback (most recent call last):', targets)).toThrow(
      'cfn-lint printed no JSON report: Traceback (most recent call last):',
    );
    expect(() => parseCfnLintReport(JSON.stringify([match('/elsewhere.json', 'E0000', 'Error', 'x', [])]), targets)).toThrow(
      'cfn-lint reported on /elsewhere.json, which is not one of the templates it was given',
    );
  });
});

describe('.cfnlintrc', () => {
  test('patches cfn-lint schemas only by adding Tags to the three types its schemas lack them on', () => {
    const rc = readFileSync('.cfnlintrc', 'utf8');
    expect(rc).toMatch(/^override_spec: scripts\/ci\/cfn-lint-schema-patches\.json$/m);
    // Nothing is ignored wholesale: a rule switched off would hide real errors.
    expect(rc).not.toMatch(/^ignore_checks/m);
    const patches = JSON.parse(readFileSync('scripts/ci/cfn-lint-schema-patches.json', 'utf8')).Patches as Record<
      string,
      Array<{ op: string; path: string }>
    >;
    expect(Object.keys(patches).sort()).toEqual([
      'AWS::ApplicationAutoScaling::ScalableTarget',
      'AWS::ElasticLoadBalancingV2::Listener',
      'AWS::ElasticLoadBalancingV2::ListenerRule',
    ]);
    for (const ops of Object.values(patches)) expect(ops.map((o) => `${o.op} ${o.path}`)).toEqual(['add /properties/Tags']);
  });
});
