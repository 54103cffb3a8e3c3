import type { LintOutcome } from './synth';
import { type RecoveryPlan, round } from './plan';
import type { RebuildConfig } from './rebuild-config';

/** What the checks of the rebuilt templates found. */
export interface ValidationSummary {
  /** Context lookups the app asked for (must be none). */
  readonly missingContext: readonly string[];
  /** Warnings CloudFormation validation and construct annotations printed (errors fail the synth). */
  readonly synthWarnings: number;
  readonly lint: LintOutcome;
  readonly assemblyDirectory: string;
}

const pad = (text: string, width: number) => text.padEnd(width);
const minutes = (value: number) => `${Math.round(value)} min`;

/** The plan as the operator reads it: changes, stacks in order, steps with estimates, the verdict. */
export function formatPlan(plan: RecoveryPlan, rebuild: RebuildConfig, validation: ValidationSummary, mode: 'dry run' | 'execute'): string {
  const lines: string[] = [];
  lines.push(`Region rebuild of ${plan.stage}: ${plan.fromRegion} (lost) -> ${plan.toRegion}  [${mode}]`, '');
  lines.push('Config of the rebuild (the stage table, changed):');
  for (const change of rebuild.changes) lines.push(`  - ${change}`);
  lines.push('', 'Stacks, in deployment order:');
  const width = Math.max(...plan.stacks.map((s) => s.stack.stackName.length));
  plan.stacks.forEach((s, i) => {
    const when = s.deferred ? 'deferred to fail-back' : `~${minutes(s.minutes)}, done at ~${minutes(s.finishesAt)}`;
    lines.push(
      `  ${String(i + 1).padStart(2)}. ${pad(s.stack.stackName, width)}  ${pad(s.stack.region, 14)} ${String(s.stack.resourceCount).padStart(4)} resources  ${when}`,
    );
    lines.push(`      after: ${s.stack.dependencies.join(', ') || 'nothing'}; estimate: ${s.basis}`);
  });
  lines.push('', 'Steps (manual ones marked *), with estimates:');
  let phase = '';
  for (const step of plan.steps) {
    if (step.phase !== phase) lines.push(`  ${step.phase}:`);
    phase = step.phase;
    lines.push(`   ${step.manual ? '*' : ' '} ${pad(step.name, 60)} ${step.phase === 'after recovery' ? '' : minutes(step.minutes)}`);
    lines.push(`      basis: ${step.basis}`);
    for (const item of step.detail) lines.push(`      - ${item}`);
  }
  lines.push('', 'Checks of the rebuilt templates:');
  lines.push(
    `  - synthesized for ${plan.toRegion} with no lookups: ${validation.missingContext.length === 0 ? 'yes' : `NO, missing context ${validation.missingContext.join(', ')}`}`,
  );
  lines.push('  - cdk-nag (AwsSolutions, NIST 800-53 rev 5) and CloudFormation validation: no errors');
  lines.push(
    `  - warnings printed during synth: ${validation.synthWarnings} (report: ${validation.assemblyDirectory}/validation-report.json)`,
  );
  if (validation.lint.ran) {
    const errors = validation.lint.findings.filter((f) => f.level === 'Error');
    const warnings = validation.lint.findings.filter((f) => f.level === 'Warning');
    lines.push(`  - ${validation.lint.version}: ${errors.length} errors, ${warnings.length} warnings`);
    for (const f of errors) lines.push(`      ERROR ${f.rule} ${f.stack} ${f.path}: ${f.message}`);
  } else lines.push(`  - ${validation.lint.note}`);
  lines.push('');
  const spare = plan.rtoMinutes - plan.totalMinutes;
  lines.push(
    `Estimated total ${minutes(plan.totalMinutes)} (before deploy, deploy, switch and verify) against the RTO of ${plan.rtoMinutes} min (recovery.regionRecovery.rtoMinutes): ` +
      (plan.fits ? `fits, ${minutes(spare)} to spare` : `DOES NOT FIT, ${minutes(-spare)} over`),
  );
  lines.push(
    `The database estimate rests on the ${plan.measured.kind === 'dr' ? 'DR' : 'primary'} restore test of ${plan.measured.startedAt.slice(0, 10)} (${round(plan.measured.durationSeconds / 60)} min, ${plan.measured.report}).`,
  );
  return `${lines.join('\n')}\n`;
}

/** Why a plan cannot be acted on: over the RTO, lookups, lint errors. Empty when it can. */
export function planProblems(plan: RecoveryPlan, validation: ValidationSummary): string[] {
  return [
    ...(plan.fits
      ? []
      : [
          `the estimated total of ${minutes(plan.totalMinutes)} exceeds the RTO of ${plan.rtoMinutes} min (recovery.regionRecovery.rtoMinutes): the slowest step is ${slowest(plan)}`,
        ]),
    ...(validation.missingContext.length
      ? [`the synth needed lookups (${validation.missingContext.join(', ')}): the rebuild must synthesize offline`]
      : []),
    ...(validation.lint.ran && validation.lint.findings.some((f) => f.level === 'Error')
      ? ['cfn-lint found errors in the rebuilt templates']
      : []),
  ];
}

function slowest(plan: RecoveryPlan): string {
  const stack = plan.stacks.reduce((a, b) => (b.minutes > a.minutes ? b : a));
  return `${stack.stack.stackName} (~${minutes(stack.minutes)}: ${stack.basis})`;
}
