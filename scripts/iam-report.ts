import { Stack } from 'aws-cdk-lib';
import { STAGES } from '../lib/config/stages';
import type { StageName } from '../lib/config/stage-name';
import { leastPrivilegeProblems } from './iam/least-privilege';
import {
  actionsOf,
  asList,
  Grant,
  onEveryResource,
  render,
  RoleSummary,
  TemplateJson,
  templateGrants,
  templateRoles,
} from './iam/policies';
import { UNSCOPED_ACTIONS } from './iam/unscoped-actions';
import { type CliIo, exitWith, processIo, progress, runCli, stagesOrAll } from './support/cli';
import { synthPlatform } from './support/synth-platform';

/**
 * Every role of every stack of a stage: who may assume it, its AWS managed policies, and each
 * statement's actions and resources, from an in-memory synth (no AWS access, Lambda bundling
 * skipped). `docs/least-privilege.md` is written from this output.
 *
 *   npm run iam-report [-- --stage prod] [--summary]    (see USAGE)
 */

/** Templates of one stage by stack part, synthesized as `cdk synth` does (cdk.json's feature flags). */
export function synthTemplates(stage: StageName): Record<string, TemplateJson> {
  const { stages, assembly } = synthPlatform({ stage }, { 'aws:cdk:enable-path-metadata': true });
  const stacks = stages.get(stage)!;
  return Object.fromEntries(
    Object.entries(stacks).map(([part, stack]) => [part, assembly.getStackByName((stack as Stack).stackName).template as TemplateJson]),
  );
}

/** An ARN without what every ARN of the stage repeats: `arn:aws:rds:eu-west-1:333…:snapshot:x` → `rds:snapshot:x`; another region stays visible. */
export function shortResource(resource: string, region: string): string {
  const arn = /^arn:(?:aws[a-z-]*|<AWS::Partition>):([^:]+):([^:]*):([^:]*):(.*)$/.exec(resource);
  if (!arn) return resource;
  const [, service, arnRegion, , rest] = arn;
  return arnRegion && arnRegion !== region && arnRegion !== '<AWS::Region>' ? `${service}(${arnRegion}):${rest}` : `${service}:${rest}`;
}

function statementLine(grant: Grant, region: string): string {
  const { statement } = grant;
  const resources = asList(statement.Resource).map((r) => shortResource(render(r), region));
  const condition = statement.Condition
    ? ` if ${Object.entries(statement.Condition)
        .map(([op, keys]) => `${op} ${Object.keys(keys).join(', ')}`)
        .join('; ')}`
    : '';
  const unscoped = onEveryResource(statement) && actionsOf(statement).every((a) => UNSCOPED_ACTIONS[a]) ? ' [no resource type]' : '';
  const sid = statement.Sid ? `${statement.Sid}: ` : '';
  return `${statement.Effect === 'Deny' ? 'DENY ' : ''}${sid}${actionsOf(statement).join(', ')} on ${resources.join(', ')}${condition}${unscoped}`;
}

function roleName(role: RoleSummary): string {
  return role.path ?? role.id;
}

export function stageReport(
  stage: StageName,
  templates: Record<string, TemplateJson>,
  region: string,
  summaryOnly: boolean,
): { text: string; problems: string[] } {
  const roles = Object.entries(templates).flatMap(([part, t]) => templateRoles(part, t));
  const grants = roles.flatMap((r) => r.grants);
  const problems = leastPrivilegeProblems(Object.entries(templates).flatMap(([part, t]) => templateGrants(part, t)));
  const lines: string[] = [];
  const unscoped = [
    ...new Set(grants.filter((g) => g.statement.Effect === 'Allow' && onEveryResource(g.statement)).flatMap((g) => actionsOf(g.statement))),
  ].sort();
  const managed = new Map<string, number>();
  for (const r of roles) for (const m of r.managedPolicies) managed.set(m, (managed.get(m) ?? 0) + 1);
  lines.push(`## ${stage}: ${roles.length} roles, ${grants.length} statements`);
  for (const part of Object.keys(templates)) {
    const inPart = roles.filter((r) => r.part === part);
    if (inPart.length) lines.push(`- ${part}: ${inPart.length} roles, ${inPart.reduce((n, r) => n + r.grants.length, 0)} statements`);
  }
  lines.push(`- on Resource "*" (each in UNSCOPED_ACTIONS): ${unscoped.join(', ') || 'none'}`);
  lines.push(`- AWS managed policies: ${[...managed].map(([name, n]) => `${name} (${n})`).join(', ') || 'none'}`);
  lines.push(`- least-privilege problems: ${problems.length}`);
  for (const problem of problems) lines.push(`  - ${problem}`);
  if (!summaryOnly) {
    for (const part of Object.keys(templates)) {
      const inPart = roles.filter((r) => r.part === part);
      if (!inPart.length) continue;
      lines.push('', `### ${stage}-${part}`);
      for (const role of inPart) {
        lines.push('', `${roleName(role)} (assumed by ${role.assumedBy.join(', ') || 'nobody'})`);
        for (const m of role.managedPolicies) lines.push(`  - AWS managed: ${m}`);
        for (const grant of role.grants) lines.push(`  - ${statementLine(grant, region)}`);
      }
    }
  }
  return { text: lines.join('\n'), problems };
}

export const USAGE = `Usage: npm run iam-report -- [--stage <stage>] [--summary]

Every role of every stack of a stage: who may assume it, its AWS managed policies, and each statement's
actions and resources, from an in-memory synth (no AWS access, no cdk.out needed, Lambda bundling skipped).
docs/least-privilege.md is written from this output. Exits 1 when a statement breaks the least-privilege
rules test/stacks/iam.test.ts enforces.

Options:
  --stage <stage>   only this stage: dev, staging or prod (default: every stage)
  --summary         counts and problems only, no statement list
  -h, --help        this text`;

const OPTIONS = { stage: { type: 'string' }, summary: { type: 'boolean' } } as const;

export interface IamReportDependencies {
  readonly synthTemplates?: (stage: StageName) => Record<string, TemplateJson>;
}

export function main(argv: readonly string[], io: CliIo = processIo, deps: IamReportDependencies = {}): Promise<number> {
  return runCli({ usage: USAGE, options: OPTIONS }, argv, io, ({ values }) => {
    let failed = false;
    for (const stage of stagesOrAll(values.stage)) {
      progress(io, stage)('synthesizing in memory…');
      const templates = (deps.synthTemplates ?? synthTemplates)(stage);
      const { text, problems } = stageReport(stage, templates, STAGES[stage].env.region, values.summary === true);
      io.out(`${text}\n`);
      if (problems.length) progress(io, stage)(`${problems.length} least-privilege problem(s), listed in the report`);
      failed ||= problems.length > 0;
    }
    return failed ? 1 : 0;
  });
}

if (require.main === module) exitWith(main(process.argv.slice(2)));
