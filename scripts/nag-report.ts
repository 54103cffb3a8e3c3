// Compliance figures for docs/security.md: `npm run nag-report`. For each stage and cdk-nag pack, how
// many findings are open and how many are acknowledged (and by which rules). Prints; asserts nothing.
import { AwsSolutionsChecks, NagPack, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { synthPlatform } from './support/synth-platform';

interface PackCount {
  readonly open: string[];
  /** rule id -> construct paths whose finding was acknowledged */
  readonly acknowledged: Map<string, string[]>;
}

/**
 * Runs `pack` over `scope`, also recording the findings it passes over as acknowledged. cdk-nag
 * consults `isAcknowledged` only for non-compliant resources, so each call that answers true is
 * one acknowledged finding.
 */
function countFindings(pack: NagPack, scopes: IConstruct[]): PackCount {
  const acknowledged = new Map<string, string[]>();
  const hook = pack as unknown as { isAcknowledged(node: IConstruct, ruleId: string): boolean };
  const original = hook.isAcknowledged.bind(pack);
  hook.isAcknowledged = (node, ruleId) => {
    const isAcknowledged = original(node, ruleId);
    if (isAcknowledged) acknowledged.set(ruleId, [...(acknowledged.get(ruleId) ?? []), node.node.path]);
    return isAcknowledged;
  };
  const open = scopes.flatMap((scope) =>
    pack.validateScope(scope).violations.flatMap((v) => v.violatingResources.map((r) => `${r.constructPath}: ${v.ruleName}`)),
  );
  return { open, acknowledged };
}

const { stages } = synthPlatform();
const verbose = process.argv.includes('--rules');

console.log('stage    pack          open  acknowledged  rules acknowledged');
for (const [stage, stacks] of stages) {
  for (const [name, pack] of [
    ['AwsSolutions', new AwsSolutionsChecks()],
    ['NIST 800-53 r5', new NIST80053R5Checks()],
  ] as const) {
    const { open, acknowledged } = countFindings(pack, Object.values(stacks));
    const total = [...acknowledged.values()].reduce((n, paths) => n + paths.length, 0);
    console.log(
      `${stage.padEnd(8)} ${name.padEnd(14)} ${String(open.length).padStart(4)}  ${String(total).padStart(12)}  ${String(acknowledged.size).padStart(18)}`,
    );
    for (const line of open) console.log(`  open: ${line}`);
    if (verbose)
      for (const [rule, paths] of [...acknowledged].sort((a, b) => b[1].length - a[1].length))
        console.log(`    ${String(paths.length).padStart(4)}  ${rule}`);
  }
}
