// Compliance figures for docs/security.md: `npm run nag-report`. For each stage and cdk-nag pack, how
// many findings are open and how many are acknowledged (and by which rules). Prints; asserts nothing.
import { AwsSolutionsChecks, type NagPack, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { type CliIo, exitWith, processIo, progress, runCli, stagesOrAll } from './support/cli';
import { synthPlatform } from './support/synth-platform';

export const USAGE = `Usage: npm run nag-report -- [--stage <stage>] [--rules]

Open and acknowledged cdk-nag findings per stage and pack (AwsSolutions, NIST 800-53 r5), from an
in-memory synth (no cdk.out needed, Lambda bundling skipped). The figures in docs/security.md come from here.

Options:
  --stage <stage>   only this stage: dev, staging or prod (default: every stage)
  --rules           also list the acknowledged rules, most used first
  -h, --help        this text`;

const OPTIONS = { stage: { type: 'string' }, rules: { type: 'boolean' } } as const;

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

export interface NagReportDependencies {
  /** The in-memory synth; tests count its calls. */
  readonly synth?: (inputs: { stage?: string }) => Pick<ReturnType<typeof synthPlatform>, 'stages'>;
}

export function main(argv: readonly string[], io: CliIo = processIo, deps: NagReportDependencies = {}): Promise<number> {
  return runCli({ usage: USAGE, options: OPTIONS }, argv, io, ({ values }) => {
    const wanted = stagesOrAll(values.stage);
    const only = wanted.length === 1 ? wanted[0] : undefined;
    progress(io, only)('synthesizing in memory…');
    const { stages } = (deps.synth ?? synthPlatform)(only ? { stage: only } : {});
    io.out('stage    pack          open  acknowledged  rules acknowledged');
    for (const [stage, stacks] of stages) {
      for (const [name, pack] of [
        ['AwsSolutions', new AwsSolutionsChecks()],
        ['NIST 800-53 r5', new NIST80053R5Checks()],
      ] as const) {
        progress(io, stage)(`checking ${name}…`);
        const { open, acknowledged } = countFindings(pack, Object.values(stacks));
        const total = [...acknowledged.values()].reduce((n, paths) => n + paths.length, 0);
        io.out(
          `${stage.padEnd(8)} ${name.padEnd(14)} ${String(open.length).padStart(4)}  ${String(total).padStart(12)}  ${String(acknowledged.size).padStart(18)}`,
        );
        for (const line of open) io.out(`  open: ${line}`);
        if (values.rules)
          for (const [rule, paths] of [...acknowledged].sort((a, b) => b[1].length - a[1].length))
            io.out(`    ${String(paths.length).padStart(4)}  ${rule}`);
      }
    }
    return 0;
  });
}

if (require.main === module) exitWith(main(process.argv.slice(2)));
