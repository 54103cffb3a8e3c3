import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { resolveStageConfigs } from '../../lib/config/resolve';
import { STAGE_NAMES } from '../../lib/config/stage-name';

/*
 * The GitHub Actions workflows, checked two ways: a real schema validator (@action-validator/cli,
 * a devDependency run through `npx --no-install`), and this project's own delivery rules.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOW_DIR = path.join(ROOT, '.github', 'workflows');
const FILES = readdirSync(WORKFLOW_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly env?: Record<string, string>;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly if?: string;
}
interface Job {
  readonly 'runs-on'?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string>;
  readonly environment?: string | { name: string };
  readonly concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  readonly env?: Record<string, string>;
  readonly services?: Record<string, { image: string; env?: Record<string, string> }>;
  readonly container?: string;
  readonly steps?: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const text = (file: string) => readFileSync(path.join(WORKFLOW_DIR, file), 'utf8');
const workflows: Record<string, Workflow> = Object.fromEntries(FILES.map((f) => [f, load(text(f)) as Workflow]));
const allJobs = Object.entries(workflows).flatMap(([file, wf]) => Object.entries(wf.jobs).map(([name, job]) => ({ file, name, job })));

const CONFIGURE_AWS = 'aws-actions/configure-aws-credentials@';
const runs = (job: Job) => (job.steps ?? []).map((s) => s.run ?? '').join('\n');
const usesAction = (job: Job, action: string) => (job.steps ?? []).some((s) => s.uses?.startsWith(action));
/** A job that changes or reads AWS: runs cdk deploy/diff, takes AWS credentials, or calls the deploy workflow. */
const touchesAws = (job: Job) =>
  /\bcdk (deploy|diff)\b/.test(runs(job)) || usesAction(job, CONFIGURE_AWS) || job.uses === './.github/workflows/deploy-stage.yml';

it('finds the delivery workflows', () => {
  expect(FILES).toEqual(expect.arrayContaining(['ci.yml', 'deploy-stage.yml', 'deploy.yml']));
});

/** action-validator's CLI, run with node directly (npx would add half a second per file). */
function validatorCli(): string {
  try {
    return require.resolve('@action-validator/cli/cli.mjs');
  } catch {
    throw new Error(
      'action-validator is not installed: add the devDependency @action-validator/cli@0.6.0 (npm i -D @action-validator/cli@0.6.0)',
    );
  }
}

/** Runs action-validator on one file; its JSON error report is in `output` when it fails. */
function validate(file: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [validatorCli(), file], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('action-validator accepts every workflow', () => {
  it.each(FILES)('%s', (file) => {
    const { status, output } = validate(path.join(WORKFLOW_DIR, file));
    expect({ file, status, output: status === 0 ? '' : output }).toEqual({ file, status: 0, output: '' });
  });

  it('rejects a broken workflow (the validator really validates)', () => {
    const { status, output } = validate(path.join(__dirname, 'fixtures', 'broken-workflow.yml'));
    expect(status).not.toBe(0);
    expect(output).toMatch(/Additional property 'step' is not allowed/);
  });
});

describe('delivery rules', () => {
  it('no long-lived AWS keys anywhere: no aws-access-key-id, no AWS secrets', () => {
    for (const file of FILES) {
      expect({ file, keys: /aws-(access-key-id|secret-access-key)|secrets\.AWS_/i.test(text(file)) }).toEqual({ file, keys: false });
    }
  });

  it('every job that touches AWS uses OIDC: id-token: write, and credentials only from role-to-assume', () => {
    const awsJobs = allJobs.filter(({ job }) => touchesAws(job));
    expect(awsJobs.map(({ file, name }) => `${file}:${name}`).sort()).toEqual([
      'ci.yml:diff',
      'deploy-stage.yml:deploy',
      'deploy.yml:dev',
      'deploy.yml:prod',
      'deploy.yml:staging',
    ]);
    for (const { file, name, job } of awsJobs) {
      expect({ job: `${file}:${name}`, idToken: job.permissions?.['id-token'] }).toEqual({ job: `${file}:${name}`, idToken: 'write' });
      if (job.uses) continue;
      const credentials = (job.steps ?? []).filter((s) => s.uses?.startsWith(CONFIGURE_AWS));
      expect(credentials).toHaveLength(1);
      expect(credentials[0].with).toEqual(
        expect.objectContaining({
          'role-to-assume': expect.stringMatching(/^\$\{\{ (vars\.DEPLOY_ROLE_ARN|matrix\.role) \}\}$/),
          'role-duration-seconds': 3600,
        }),
      );
    }
  });

  it('workflows grant only read access by default', () => {
    for (const [file, wf] of Object.entries(workflows))
      expect({ file, permissions: wf.permissions }).toEqual({ file, permissions: { contents: 'read' } });
  });

  it('pins every third-party action to a full commit SHA', () => {
    const actions = allJobs.flatMap(({ job }) => (job.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions.filter((a) => !a.startsWith('./'))) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it('each pinned action is at a major that runs on Node 24 (its release named beside the SHA), one SHA per action', () => {
    // The first major of each whose action.yml says `using: node24` (upload-artifact v5 still ran node20 by default).
    const firstNode24Major: Record<string, number> = {
      'actions/checkout': 5,
      'actions/setup-node': 5,
      'actions/cache': 5,
      'actions/upload-artifact': 6,
      'aws-actions/configure-aws-credentials': 6,
    };
    const pins = FILES.flatMap((file) =>
      [...text(file).matchAll(/uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40})(?: # v(\d+)\.\d+\.\d+)?/g)].map((m) => ({
        file,
        action: m[1],
        sha: m[2],
        major: m[3] === undefined ? undefined : Number(m[3]),
      })),
    );
    expect(pins.length).toBeGreaterThan(0);
    for (const { file, action, major } of pins)
      expect({ file, action, atLeastNode24Major: (major ?? 0) >= (firstNode24Major[action] ?? Number.POSITIVE_INFINITY) }).toEqual({
        file,
        action,
        atLeastNode24Major: true,
      });
    const shas = new Map<string, Set<string>>();
    for (const { action, sha } of pins) shas.set(action, (shas.get(action) ?? new Set()).add(sha));
    for (const [action, set] of shas) expect({ action, shas: set.size }).toEqual({ action, shas: 1 });
  });
});

describe('deploy.yml', () => {
  const deploy = workflows['deploy.yml'];

  it('runs on pushes to main and deploys dev, then staging, then prod, each through deploy-stage.yml', () => {
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    expect(Object.keys(deploy.jobs)).toEqual(['dev', 'staging', 'prod']);
    expect(deploy.jobs.dev.needs).toBeUndefined();
    expect(deploy.jobs.staging.needs).toBe('dev');
    expect(deploy.jobs.prod.needs).toBe('staging');
    for (const stage of ['dev', 'staging', 'prod']) {
      expect(deploy.jobs[stage].uses).toBe('./.github/workflows/deploy-stage.yml');
      expect(deploy.jobs[stage].with?.stage).toBe(stage);
    }
  });
});

describe('deploy-stage.yml', () => {
  const wf = workflows['deploy-stage.yml'];
  const job = wf.jobs.deploy;

  it('can be started by hand with a stage choice, and called by deploy.yml', () => {
    expect((wf.on.workflow_dispatch as { inputs: Record<string, { type: string; options?: string[] }> }).inputs.stage).toEqual(
      expect.objectContaining({ type: 'choice', options: ['dev', 'staging', 'prod'] }),
    );
    expect((wf.on.workflow_call as { inputs: Record<string, unknown> }).inputs.stage).toEqual(expect.objectContaining({ required: true }));
  });

  it('runs in the GitHub environment of the stage it deploys, so prod needs the prod environment (and its reviewers)', () => {
    expect(job.environment).toBe('${{ inputs.stage }}');
    expect(job.env?.STAGE).toBe('${{ inputs.stage }}');
    expect(runs(job)).toContain('npx cdk deploy "$STAGE-*"');
    // The role only trusts repo:<owner>/<repo>:environment:<stage>, so prod credentials exist only in the prod environment.
    expect(job.steps?.find((s) => s.uses?.startsWith(CONFIGURE_AWS))?.with?.['role-to-assume']).toBe('${{ vars.DEPLOY_ROLE_ARN }}');
  });

  it('deploys all stacks of the stage without prompts, with the stage and both images as context', () => {
    const command = runs(job).replace(/\s+/g, ' ');
    expect(command).toContain('npx cdk deploy "$STAGE-*" --require-approval never');
    expect(command).toContain('-c stage="$STAGE" -c apiImage="$API_IMAGE" -c workerImage="$WORKER_IMAGE"');
    expect(job.env?.API_IMAGE).toBe('${{ inputs.api_image || vars.API_IMAGE }}');
    expect(job.env?.WORKER_IMAGE).toBe('${{ inputs.worker_image || vars.WORKER_IMAGE }}');
  });

  it('never runs two deploys of one stage at once, and never cancels one half-way', () => {
    expect(job.concurrency).toEqual({ group: 'deploy-${{ inputs.stage }}', 'cancel-in-progress': false });
  });

  it('passes inputs to the shell through env, never spliced into the script', () => {
    for (const step of job.steps ?? []) expect(step.run ?? '').not.toMatch(/\$\{\{/);
  });
});

describe('ci.yml', () => {
  const ci = workflows['ci.yml'];

  it('runs on pull requests', () => {
    expect(ci.on.pull_request).toEqual({ branches: ['main'] });
  });

  it('typechecks, lints and tests against real PostgreSQL and Redis, with Debian chromium', () => {
    const test = ci.jobs.test;
    expect(runs(test)).toMatch(/npm ci[\s\S]*npm run typecheck[\s\S]*npm run lint[\s\S]*npm test/);
    expect(test.services?.postgres).toEqual(
      expect.objectContaining({
        image: expect.stringMatching(/^postgres:/),
        env: expect.objectContaining({ POSTGRES_HOST_AUTH_METHOD: 'trust' }),
      }),
    );
    expect(test.services?.redis.image).toMatch(/^redis:/);
    expect(test.container).toMatch(/bookworm/);
    expect(runs(test)).toMatch(/apt-get install .*\bchromium\b/);
  });

  it('synthesizes every stage and posts the cost difference against main as one updated comment', () => {
    const job = ci.jobs['synth-and-cost'];
    expect(runs(job)).toContain('npx cdk synth');
    expect(runs(job)).toMatch(/npm run --silent cost -- --stage "\$stage" --json/);
    expect(runs(job)).toContain('npx tsx scripts/ci/cost-diff-comment.ts --before .cost/before --after .cost/after');
    expect(runs(job)).toMatch(/--method PATCH[\s\S]*--method POST/);
    expect(job.steps?.find((s) => s.with?.ref)?.with).toEqual({ ref: '${{ github.event.pull_request.base.sha }}', path: '.base' });
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('diffs each stage read-only, and skips politely on forks or without the role variable', () => {
    const diff = ci.jobs.diff as Job & { strategy: { matrix: { include: { stage: string; role: string }[] } } };
    expect(diff.strategy.matrix.include.map((m) => m.stage)).toEqual(['dev', 'staging', 'prod']);
    expect(runs(diff)).toContain('npx cdk diff "$STAGE-*" -c stage="$STAGE" "${images[@]}" --no-change-set');
    expect(runs(diff)).toMatch(/::notice::Pull request from a fork/);
    expect(runs(diff)).toMatch(/::notice::Repository variable DIFF_ROLE_ARN_/);
    for (const step of (diff.steps ?? []).slice(1)) expect(step.if).toBe("steps.gate.outputs.run == 'true'");
  });
});

/** The `-c key=value` context of a command line, with `"$VAR"` left as the variable's name. */
function contextOf(command: string): Record<string, string> {
  return Object.fromEntries([...command.matchAll(/-c ([A-Za-z]+)=("[^"]*"|\S+)/g)].map((m) => [m[1], m[2].replace(/^"|"$/g, '')]));
}

/** Runs one step's shell script with bash -e, as GitHub runs it, in a scratch environment. */
function runStep(step: Step, env: Record<string, string>): { status: number | null; output: string } {
  const result = spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', step.run ?? ''], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('first contact with AWS: runners, regions, images', () => {
  const deployJob = workflows['deploy-stage.yml'].jobs.deploy;
  const diffJob = workflows['ci.yml'].jobs.diff;

  it('builds the ARM64 dump image natively: the job that runs cdk deploy runs on an ARM runner', () => {
    // cdk deploy builds every Docker asset; the dump task's image is declared for linux/arm64.
    const dumpTask = readFileSync(path.join(ROOT, 'lib', 'constructs', 'backup', 'db-dump-task.ts'), 'utf8');
    expect(dumpTask).toContain('Platform.LINUX_ARM64');
    const deployers = allJobs.filter(({ job }) => /\bcdk deploy\b/.test(runs(job)));
    expect(deployers.map(({ file, name }) => `${file}:${name}`)).toEqual(['deploy-stage.yml:deploy']);
    for (const { job } of deployers) expect(job['runs-on']).toMatch(/^ubuntu-24\.04-arm$/);
  });

  it('sets up Node 24 everywhere: setup-node steps and job containers', () => {
    const versions = allJobs.flatMap(({ job }) =>
      (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/setup-node@')).map((s) => s.with?.['node-version']),
    );
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(version).toBe(24);
    for (const { job } of allJobs.filter(({ job }) => job.container)) expect(job.container).toMatch(/^node:24-/);
  });

  it.each([
    ['deploy-stage.yml:deploy', deployJob, 'DEPLOY_ROLE_ARN'],
    ['ci.yml:diff', diffJob, 'ROLE'],
  ])("%s takes its region from the stage config, after checking the role is in the stage's account", (_name, job, roleVariable) => {
    const steps = job.steps ?? [];
    const read = steps.findIndex((s) => s.id === 'stage');
    const credentials = steps.findIndex((s) => s.uses?.startsWith(CONFIGURE_AWS));
    expect(read).toBeGreaterThanOrEqual(0);
    expect(read).toBeLessThan(credentials);
    expect(steps[read].run).toBe(`npx tsx scripts/ci/stage-env.ts --stage "$STAGE" --role-arn "$${roleVariable}" >> "$GITHUB_OUTPUT"`);
    expect(steps[credentials].with?.['aws-region']).toBe('${{ steps.stage.outputs.region }}');
  });

  it('no workflow falls back to a region of its own (us-east-1 or a variable)', () => {
    for (const file of FILES)
      expect({ file, fallback: /aws-region: \$\{\{ vars\.|'us-east-1'/.test(text(file)) }).toEqual({ file, fallback: false });
  });

  it('synthesizes every stage with context the config accepts (staging and prod refuse the placeholder unless told)', () => {
    const command = runs(workflows['ci.yml'].jobs['synth-and-cost'])
      .split('\n')
      .find((line) => line.includes('npx cdk synth'))!;
    const context = contextOf(command);
    expect(() => resolveStageConfigs({ allowPlaceholderImages: context.allowPlaceholderImages })).not.toThrow();
  });

  it.each(STAGE_NAMES)('the diff of %s synthesizes without release images', (stage) => {
    const command = runs(diffJob).replace(/\s+/g, ' ');
    expect(command).toContain('images=(-c allowPlaceholderImages=true)');
    expect(() => resolveStageConfigs({ stage, allowPlaceholderImages: 'true' })).not.toThrow();
  });

  it.each(STAGE_NAMES)('the deploy of %s synthesizes with both images and nothing else', (stage) => {
    const command = runs(deployJob).replace(/\s+/g, ' ');
    const context = contextOf(command);
    expect(context).toEqual({ stage: '$STAGE', apiImage: '$API_IMAGE', workerImage: '$WORKER_IMAGE' });
    const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:0123abc';
    expect(() => resolveStageConfigs({ stage, apiImage: image, workerImage: image })).not.toThrow();
  });

  it('fails a cdk diff whose command fails, though its output goes through tee', () => {
    for (const { file, name, job } of allJobs) {
      for (const step of (job.steps ?? []).filter((s) => /\|\s*tee\b/.test(s.run ?? ''))) {
        expect({ job: `${file}:${name}`, pipefail: /^\s*set -o pipefail/m.test(step.run ?? '') }).toEqual({
          job: `${file}:${name}`,
          pipefail: true,
        });
      }
    }
  });

  describe('the deploy refuses inputs that would deploy the wrong thing', () => {
    const check = deployJob.steps!.find((s) => s.name === 'Check the inputs')!;
    const role = 'arn:aws:iam::333333333333:role/prod-delivery-DeployRole';
    const pinned = '333333333333.dkr.ecr.eu-west-1.amazonaws.com/app';

    it.each([
      ['a tag', `${pinned}:3f2c1a9`],
      ['a digest', `${pinned}@sha256:${'a'.repeat(64)}`],
      ['a registry with a port and a tag', `registry.example.com:5000/app:v1.2.3`],
    ])('accepts an image pinned by %s', (_what, image) => {
      expect(runStep(check, { STAGE: 'prod', DEPLOY_ROLE_ARN: role, API_IMAGE: image, WORKER_IMAGE: image })).toEqual({
        status: 0,
        output: '',
      });
    });

    it.each([
      ['no tag', pinned],
      ['latest', `${pinned}:latest`],
      ['a registry port but no tag', 'registry.example.com:5000/app'],
    ])('refuses an image with %s (a moving tag changes no task definition)', (_what, image) => {
      const { status, output } = runStep(check, { STAGE: 'prod', DEPLOY_ROLE_ARN: role, API_IMAGE: `${pinned}:1`, WORKER_IMAGE: image });
      expect(status).toBe(1);
      expect(output).toContain(`::error::WORKER_IMAGE '${image}' names no fixed version`);
    });

    it('refuses an empty DEPLOY_ROLE_ARN, naming the variable and where its value comes from', () => {
      const { status, output } = runStep(check, {
        STAGE: 'prod',
        DEPLOY_ROLE_ARN: '',
        API_IMAGE: `${pinned}:1`,
        WORKER_IMAGE: `${pinned}:1`,
      });
      expect(status).toBe(1);
      expect(output).toContain(
        '::error::DEPLOY_ROLE_ARN is empty: set the variable DEPLOY_ROLE_ARN of the GitHub environment prod to the output DeployRoleArn of the stack prod-delivery',
      );
    });
  });
});
