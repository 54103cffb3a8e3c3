/**
 * Rebuilds a stage in its DR region after the primary region is lost (docs/region-recovery.md).
 *
 *   npm run recover -- --stage prod --region eu-central-1 --config-backup latest.json \
 *     --restore-report report.json --snapshot <arn> --certificate-arn <arn>        # dry run: the plan
 *   npm run recover -- … --execute                                                 # deploys, after confirmation
 *
 * The dry run synthesizes every stack of the stage for the DR region from the newest config backup,
 * with the database restored from the off-site copy, checks the templates (cdk-nag, CloudFormation
 * validation, cfn-lint when installed, no lookups) and prints the plan with its estimate against
 * the RTO; it exits 1 when the plan cannot fit. Progress goes to stderr, the plan to stdout.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES } from '../../lib/config/stage-name';
import { type CliIo as ScriptIo, exitWith, processIo, progress as progressOf, requireStage, runCli } from '../support/cli';
import { executeRebuild, ExecutePorts } from './execute';
import { formatPlan, planProblems, ValidationSummary } from './format';
import { readMeasuredRestore } from './measured-restore';
import { buildPlan } from './plan';
import { rebuildConfig } from './rebuild-config';
import { readRecordedStage } from './recorded-stage';
import { RecoverInputError } from './recover-error';
import { lintRebuild, synthRebuild } from './synth';

export const USAGE = `Usage: npm run recover -- --stage <stage> --region <drRegion> [options]

Rebuilds <stage> in <drRegion> after its region is lost: a dry run (the default) prints the plan,
--execute deploys it after you type the stage name. See docs/region-recovery.md.

  --stage <name>            stage to rebuild (${STAGE_NAMES.join(', ')})
  --region <region>         region to rebuild in: the stage's backup.drRegion (copies and key)
  --config-backup <file>    the stage's newest config backup (config/<stage>/latest.json);
                            without it, read from --backup-bucket with credentials
  --restore-report <file>   newest restore-test report (reports/<stage>/restore-tests/<date>.json);
                            without it, read from --backup-bucket with credentials
  --backup-bucket <name>    the stage's backup bucket, for the two reads above
  --backup-region <region>  region of that bucket (default: the stage's own region)
  --snapshot <arn>          off-site DB snapshot copy to restore (default with credentials:
                            the newest available one tagged with the stage, in --region)
  --azs <az,az,...>         AZs in --region (default: the stage's AZ letters in --region)
  --next-dr-region <region> where the rebuilt stage copies its snapshots (default: the lost
                            region, copies paused until fail-back)
  --certificate-arn <arn>   ACM certificate in --region for the ALB's ingress.domainName
  --config-file <file>      the override file the stage is deployed with (-c configFile): its
                            certificates, names and settings are kept, the rebuild's go on top
  --api-image <uri>         API image (default: the backup's, moved to --region's ECR replica)
  --worker-image <uri>      worker image (likewise)
  --skip-lint               do not run cfn-lint
  --execute                 deploy the plan (needs credentials and your typed confirmation)
  -h, --help                this text

Exit codes: 0 plan fits (or deployed), 1 plan does not fit / deploy refused or failed, 2 bad input.
`;

const OPTIONS = {
  stage: { type: 'string' },
  region: { type: 'string' },
  'config-backup': { type: 'string' },
  'restore-report': { type: 'string' },
  'backup-bucket': { type: 'string' },
  'backup-region': { type: 'string' },
  snapshot: { type: 'string' },
  azs: { type: 'string' },
  'next-dr-region': { type: 'string' },
  'certificate-arn': { type: 'string' },
  'config-file': { type: 'string' },
  'api-image': { type: 'string' },
  'worker-image': { type: 'string' },
  'skip-lint': { type: 'boolean' },
  execute: { type: 'boolean' },
} as const;

/** Where the CLI writes (one line per call) and what it may call; tests pass their own. */
export interface CliIo extends ScriptIo {
  readonly aws: typeof import('./aws-sources');
  readonly execute: ExecutePorts;
  /** Synthesizes and lints the rebuild (a test passes its one shared synth). @default synthRebuild, lintRebuild */
  readonly synth?: typeof synthRebuild;
  readonly lint?: typeof lintRebuild;
}

/** The shared CLI front: --help, usage errors and RecoverInputErrors (exit 2), progress on stderr. */
export function runRecover(argv: readonly string[], io: CliIo): Promise<number> {
  return runCli({ usage: USAGE, options: OPTIONS }, argv, io, ({ values }) => recover(values, io));
}

type RecoverOptions = Partial<Record<Exclude<keyof typeof OPTIONS, 'skip-lint' | 'execute'>, string>> & {
  readonly 'skip-lint'?: boolean;
  readonly execute?: boolean;
};

async function recover(values: RecoverOptions, io: CliIo): Promise<number> {
  const progress = progressOf(io, 'recover');
  const stage = requireStage(values.stage);
  if (!values.region) throw new RecoverInputError(["--region: required, the region to rebuild in (the stage's backup.drRegion)"]);
  const region = values.region;
  const table = STAGES[stage];
  const backupRegion = values['backup-region'] ?? table.env.region;
  const needsAws = !values['config-backup'] || !values['restore-report'] || !values.snapshot;
  if (needsAws && !(await io.aws.haveCredentials(region)))
    throw new RecoverInputError([
      `no AWS credentials: without them pass --config-backup <file>, --restore-report <file> and --snapshot <arn> (the offline dry run)`,
    ]);
  const bucket = () => {
    if (!values['backup-bucket'])
      throw new RecoverInputError(['--backup-bucket: needed to read the config backup or restore report from S3 (or pass the files)']);
    return values['backup-bucket'];
  };

  const backup = values['config-backup']
    ? { body: readInput(values['config-backup'], '--config-backup'), source: values['config-backup'] }
    : await io.aws.readConfigBackupObject(bucket(), backupRegion, stage);
  progress(`config backup: ${backup.source}`);
  const recorded = readRecordedStage(backup.body, backup.source, stage);
  const report = values['restore-report']
    ? { body: readInput(values['restore-report'], '--restore-report'), source: values['restore-report'] }
    : await io.aws.readNewestRestoreReport(bucket(), backupRegion, stage);
  const measured = readMeasuredRestore(report.body, report.source);
  progress(`measured restore: ${Math.round(measured.durationSeconds / 60)} min (${report.source})`);
  const copy = values.snapshot ? { arn: values.snapshot, takenAt: undefined } : await io.aws.findNewestCopy(stage, region);
  const snapshot = copy.arn;
  progress(`off-site copy: ${snapshot}${copy.takenAt ? ` (data as of ${copy.takenAt})` : ''}`);

  const rebuild = rebuildConfig(
    {
      stage,
      region,
      availabilityZones: values.azs
        ?.split(',')
        .map((az) => az.trim())
        .filter(Boolean),
      nextDrRegion: values['next-dr-region'],
      snapshot,
      certificateArn: values['certificate-arn'],
      apiImage: values['api-image'],
      workerImage: values['worker-image'],
      overrides: values['config-file'] ? readJson(values['config-file'], '--config-file') : undefined,
    },
    recorded,
  );
  progress(`synthesizing every stack of ${stage} for ${region} (cdk-nag and CloudFormation validation on)…`);
  const synth = (io.synth ?? synthRebuild)(rebuild.config);
  progress(`synthesized ${synth.stacks.length} stacks in ${synth.assemblyDirectory}`);
  const lint = values['skip-lint']
    ? { ran: false as const, note: 'cfn-lint skipped (--skip-lint)' }
    : (io.lint ?? lintRebuild)(synth.stacks, stage);
  progress(lint.ran ? `cfn-lint: ${lint.findings.length} findings` : lint.note);
  const validation: ValidationSummary = {
    missingContext: synth.missingContext,
    synthWarnings: synth.warnings,
    lint,
    assemblyDirectory: synth.assemblyDirectory,
  };
  const plan = buildPlan({ rebuild, recorded, stacks: synth.stacks, measured, snapshotTakenAt: copy.takenAt });
  io.out(formatPlan(plan, rebuild, validation, values.execute ? 'execute' : 'dry run'));
  const problems = planProblems(plan, validation);
  for (const problem of problems) io.err(`recover: PLAN FAILS: ${problem}`);
  if (!values.execute) return problems.length > 0 ? 1 : 0;

  const outcome = await executeRebuild(rebuild, plan, problems, io.execute, join(process.cwd(), `recover-outputs-${stage}.json`));
  if (!outcome.deployed) io.err(`recover: ${outcome.reason}`);
  else progress(outcome.exitCode === 0 ? 'deployed; now the steps after deploy above' : `cdk deploy exited ${outcome.exitCode}`);
  return outcome.exitCode === 0 ? 0 : 1;
}

function readInput(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new RecoverInputError([
      `${flag}: cannot read ${JSON.stringify(file)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    ]);
  }
}

function readJson(file: string, flag: string): unknown {
  const text = readInput(file, flag);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RecoverInputError([`${flag}: ${JSON.stringify(file)} is not JSON (${(error as Error).message})`]);
  }
}

/** The real world: the terminal, AWS, and `npx cdk`. */
function liveIo(): CliIo {
  const aws = require('./aws-sources') as typeof import('./aws-sources');
  return {
    ...processIo,
    aws,
    execute: {
      haveCredentials: (region) => aws.haveCredentials(region),
      ask: async (question) => {
        if (!process.stdin.isTTY) return '';
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        try {
          return await rl.question(question);
        } finally {
          rl.close();
        }
      },
      writeOverrides: (overrides) => {
        const file = join(mkdtempSync(join(tmpdir(), 'recover-config-')), 'overrides.json');
        writeFileSync(file, `${JSON.stringify(overrides, null, 2)}\n`);
        return file;
      },
      runCdk: (args) =>
        new Promise((resolve) => {
          const child = spawn('npx', [...args], { stdio: 'inherit' });
          child.on('close', (code) => resolve(code ?? 1));
        }),
      progress: (line) => process.stderr.write(`${line}\n`),
    },
  };
}

if (require.main === module) exitWith(runRecover(process.argv.slice(2), liveIo()));
