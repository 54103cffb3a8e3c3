/**
 * The template gate: cfn-lint (AWS's CloudFormation linter) over every template of every stage.
 *
 *   npm run cfn-lint
 *
 * Synthesizes all stages twice, as a first deploy without images (the placeholder, migrations
 * skipped) and as CI deploys them (app images, migrations on), lints each template against its
 * stack's region with the project's `.cfnlintrc`, prints errors and warnings per stage, and exits 1
 * on any error. When cfn-lint is not installed it says so and exits 0: nothing was linted, which is
 * printed, not passed off as clean (it ships in Python, `pip install cfn-lint`, not through npm).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { StageName } from '../../lib/config/stage-name';
import { synthPlatform } from '../support/synth-platform';

export interface LintFinding {
  readonly stage: string;
  readonly stack: string;
  readonly rule: string;
  readonly level: 'Error' | 'Warning' | 'Informational';
  readonly message: string;
  /** `Resources/<id>/Properties/…`: where in the template. */
  readonly path: string;
  readonly line: number;
}

/** One template to lint: the stack it belongs to, where its file is, and the region it deploys to. */
export interface LintTarget {
  readonly stage: string;
  readonly stack: string;
  readonly file: string;
  readonly region: string;
}

interface CfnLintMatch {
  readonly Filename: string;
  readonly Level: LintFinding['level'];
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Start: { readonly LineNumber: number }; readonly Path?: readonly (string | number)[] };
}

/** Reads `cfn-lint -f json` output for the given targets; throws on output that is not its report. */
export function parseCfnLintReport(output: string, targets: readonly LintTarget[]): LintFinding[] {
  let matches: CfnLintMatch[];
  try {
    matches = JSON.parse(output || '[]');
  } catch {
    throw new Error(`cfn-lint printed no JSON report: ${output.trim().slice(0, 300) || '(nothing)'}`);
  }
  if (!Array.isArray(matches)) throw new Error(`cfn-lint printed ${typeof matches}, not a list of findings`);
  const byFile = new Map(targets.map((t) => [t.file, t]));
  return matches.map((m) => {
    const target = byFile.get(m.Filename);
    if (!target) throw new Error(`cfn-lint reported on ${m.Filename}, which is not one of the templates it was given`);
    return {
      stage: target.stage,
      stack: target.stack,
      rule: m.Rule.Id,
      level: m.Level,
      message: m.Message,
      path: (m.Location.Path ?? []).join('/'),
      line: m.Location.Start.LineNumber,
    };
  });
}

/** `W3005 ×81, W3010 ×9`: findings counted per rule, most frequent first. */
function countByRule(findings: readonly LintFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rule, n]) => `${rule} ×${n}`)
    .join(', ');
}

/** The report lines: every error in full, then per stage its error and warning counts. */
export function describeFindings(variant: string, stages: readonly string[], findings: readonly LintFinding[]): string[] {
  const lines: string[] = [];
  for (const f of findings.filter((x) => x.level === 'Error'))
    lines.push(`  ERROR ${f.rule} ${f.stack} ${f.path} (line ${f.line}): ${f.message}`);
  for (const stage of stages) {
    const own = findings.filter((f) => f.stage === stage);
    const errors = own.filter((f) => f.level === 'Error');
    const warnings = own.filter((f) => f.level === 'Warning');
    const detail = [errors.length ? `errors ${countByRule(errors)}` : '', warnings.length ? `warnings ${countByRule(warnings)}` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${stage} (${variant}): ${errors.length} errors, ${warnings.length} warnings${detail ? ` (${detail})` : ''}`);
  }
  return lines;
}

/** Every template of every stage, with the region its stack deploys to (the DR stack has its own). */
export function lintTargets(stages: ReadonlyMap<StageName, object>, assemblyDirectory: string): LintTarget[] {
  return [...stages.entries()].flatMap(([stage, stacks]) =>
    (Object.values(stacks) as Stack[]).map((stack) => ({
      stage,
      stack: stack.stackName,
      file: join(assemblyDirectory, stack.templateFile),
      region: stack.region,
    })),
  );
}

/**
 * Runs cfn-lint once per region over that region's templates, with the project's `.cfnlintrc`
 * (found from `cwd`). Throws when cfn-lint itself fails, never passes silently.
 */
export function lint(targets: readonly LintTarget[], cwd = process.cwd()): LintFinding[] {
  const regions = [...new Set(targets.map((t) => t.region))];
  return regions.flatMap((region) => {
    const inRegion = targets.filter((t) => t.region === region);
    const run = spawnSync(
      'cfn-lint',
      ['-f', 'json', '--config-file', '.cfnlintrc', '--regions', region, '--', ...inRegion.map((t) => t.file)],
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 600_000,
      },
    );
    if (run.error) throw run.error;
    // Exit codes are a bitmask of the levels found (2 error, 4 warning, 8 informational); 1 is a crash.
    if (run.status === 1 || (run.status ?? 0) >= 16)
      throw new Error(`cfn-lint failed (exit ${run.status}): ${run.stderr.trim().slice(0, 500)}`);
    return parseCfnLintReport(run.stdout, inRegion);
  });
}

/** The two ways a stage is deployed: the quickstart (placeholder images) and CI (app images). */
const VARIANTS = [
  { name: 'placeholder images', inputs: {} },
  {
    name: 'app images',
    inputs: {
      apiImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/stage-platform/api:cfn-lint',
      workerImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/stage-platform/worker:cfn-lint',
    },
  },
] as const;

if (require.main === module) {
  const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    console.log('cfn-lint: NOT INSTALLED, templates not linted (install it with `pip install cfn-lint`)');
    process.exit(0);
  }
  let errors = 0;
  for (const variant of VARIANTS) {
    const { stages, assembly } = synthPlatform(variant.inputs);
    const targets = lintTargets(stages, assembly.directory);
    const findings = lint(targets);
    errors += findings.filter((f) => f.level === 'Error').length;
    console.log(`${version.stdout.trim()}: ${targets.length} templates, ${variant.name}`);
    for (const line of describeFindings(variant.name, [...stages.keys()], findings)) console.log(line);
  }
  console.log(
    errors === 0 ? 'cfn-lint: 0 errors on every stage' : `cfn-lint: ${errors} errors; fix them in the constructs that produce them`,
  );
  process.exit(errors === 0 ? 0 : 1);
}
