import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { formatIssue } from '../../lib/config/config-issue';
import { DEFAULT_IMAGE } from '../../lib/config/images';
import { resolveStageConfigs, resolveStages } from '../../lib/config/resolve';
import { STAGES } from '../../lib/config/stages';
import { cdkJsonContext } from '../../scripts/support/cdk-context';
import { nagFindings } from '../support/fixtures';
import { synthStage } from '../support/stage-synth';
import { configIssuesOf } from '../support/config-errors';
import { scratchDir } from '../support/scratch-dir';

const ROOT = path.join(__dirname, '..', '..');

/** Runs bin/app.ts as `cdk synth` does (cdk.json context, Lambda bundling skipped) with these context values. */
function runApp(context: Record<string, string>): { status: number | null; stderr: string; templates: string[] } {
  const out = scratchDir('images-');
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'bin/app.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CDK_OUTDIR: out,
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context }),
    },
    encoding: 'utf8',
  });
  const templates = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.template.json')) : [];
  return { status: result.status, stderr: result.stderr, templates };
}

let plainRun: ReturnType<typeof runApp> | undefined;
/** `cdk synth` with no context at all, run once for the tests that read it (a synth of dev takes seconds). */
function plainSynth(): ReturnType<typeof runApp> {
  plainRun ??= runApp({});
  return plainRun;
}

function issuesOf(run: () => unknown): string[] {
  return configIssuesOf(run).map(formatIssue);
}

const NOTICE = 'dev: no app image given (-c apiImage, -c workerImage); running the placeholder image and skipping migrations';
const FIX = 'pass -c apiImage=<uri> -c workerImage=<uri>, or -c allowPlaceholderImages=true to deploy the placeholder on purpose';

describe('dev without app images', () => {
  // The stage's own setting, not the test default, allows the placeholder here.
  const synth = () => synthStage('dev', { allowPlaceholderImages: undefined });
  const template = () => synth().templates.services;
  const api = () => {
    const taskDefs = Object.values(template().findResources('AWS::ECS::TaskDefinition')).map((t) => t.Properties);
    return taskDefs.find((t) => t.ContainerDefinitions[0].Name === 'api')!.ContainerDefinitions[0];
  };

  test('the API runs the placeholder on the container port, as a non-root user with a read-only root filesystem', () => {
    // traefik/whoami answers GET /health with 200 until told otherwise, listens where --port says, and writes nothing.
    expect(api()).toMatchObject({
      Image: DEFAULT_IMAGE.uri,
      Command: [`--port=${STAGES.dev.api.containerPort}`],
      PortMappings: [expect.objectContaining({ ContainerPort: STAGES.dev.api.containerPort })],
      User: '65534:65534',
      ReadonlyRootFilesystem: true,
    });
  });

  test('the load balancer checks /health on the traffic port and wants a 200, which the placeholder gives', () => {
    const groups = Object.values(template().findResources('AWS::ElasticLoadBalancingV2::TargetGroup')).map((g) => g.Properties);
    expect(groups.map((g) => [g.Port, g.HealthCheckPath, g.HealthCheckPort ?? 'traffic-port', g.Matcher])).toEqual([
      [8080, '/health', 'traffic-port', { HttpCode: '200' }],
    ]);
  });

  test('no migration runs: the placeholder has none, so there is no migration resource', () => {
    expect(template().findResources('Custom::DatabaseMigration')).toEqual({});
  });

  // The line comes from the services stack's placeholderNotice; bin/app.ts is what prints it.
  test('synth says so in one line: bin/app.ts prints it, once, and synthesizes', () => {
    const run = plainSynth();
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('dev:'))).toEqual([NOTICE]);
    expect(run.templates).toContain('dev-services.template.json');
  });
});

describe.each(['staging', 'prod'])('%s without app images', (stage) => {
  test('refuses to synthesize, naming each missing image and the fix', () => {
    expect(issuesOf(() => resolveStageConfigs({ stage }))).toEqual([
      `${stage}.api.image.uri: got "${DEFAULT_IMAGE.uri}"; expected an app image, not the placeholder (${stage}.delivery.allowPlaceholderImages is false): ${FIX}`,
      `${stage}.worker.image.uri: got "${DEFAULT_IMAGE.uri}"; expected an app image, not the placeholder (${stage}.delivery.allowPlaceholderImages is false): ${FIX}`,
    ]);
  });

  test('names only the image that is missing', () => {
    const issues = issuesOf(() => resolveStageConfigs({ stage, apiImage: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/api:1' }));
    expect(issues.map((issue) => issue.split(':')[0])).toEqual([`${stage}.worker.image.uri`]);
  });

  test('synthesizes the placeholder when -c allowPlaceholderImages=true says so', () => {
    const [config] = resolveStageConfigs({ stage, allowPlaceholderImages: 'true' });
    expect([config.delivery.allowPlaceholderImages, config.api.image.uri, config.worker.image.uri]).toEqual([
      true,
      DEFAULT_IMAGE.uri,
      DEFAULT_IMAGE.uri,
    ]);
  });

  test('a blank -c apiImage= is refused, not read as "no image"', () => {
    const issues = issuesOf(() =>
      resolveStageConfigs({
        stage,
        apiImage: '',
        workerImage: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/worker:1',
        allowPlaceholderImages: 'true',
      }),
    );
    expect(issues).toEqual([expect.stringMatching(/^context apiImage: got ""; expected an image URI \(-c apiImage=<uri>\)/)]);
  });
});

describe('the placeholder switch', () => {
  test('dev refuses it too with -c allowPlaceholderImages=false', () => {
    expect(issuesOf(() => resolveStageConfigs({ stage: 'dev', allowPlaceholderImages: 'false' })).map((i) => i.split(':')[0])).toEqual([
      'dev.api.image.uri',
      'dev.worker.image.uri',
    ]);
  });

  test('a value other than true or false is refused', () => {
    expect(issuesOf(() => resolveStageConfigs({ stage: 'dev', allowPlaceholderImages: 'yes' }))).toEqual([
      'context allowPlaceholderImages: got "yes"; expected true or false (true deploys the placeholder image where no -c apiImage / -c workerImage is given)',
    ]);
  });

  test('is typed config: a stage table value that is not a boolean is refused', () => {
    expect(
      issuesOf(() => resolveStageConfigs({ stage: 'dev', overrides: { dev: { delivery: { allowPlaceholderImages: 'true' } } } })),
    ).toEqual(['dev.delivery.allowPlaceholderImages: got "true"; expected true or false']);
  });

  test('bin/app.ts refuses prod without images, and with a blank -c apiImage=, and writes no template', () => {
    const withoutImages = runApp({ stage: 'prod' });
    expect(withoutImages.status).toBe(1);
    expect(withoutImages.stderr).toContain(`prod.api.image.uri: got "${DEFAULT_IMAGE.uri}"`);
    expect(withoutImages.templates).toEqual([]);
    const blank = runApp({ stage: 'prod', apiImage: '', workerImage: '' });
    expect(blank.status).toBe(1);
    expect(blank.stderr).toContain('context apiImage: got ""');
    expect(blank.stderr).toContain('context workerImage: got ""');
    expect(blank.templates).toEqual([]);
  });
});

describe('a plain cdk synth (no stage, no image, no placeholder flag)', () => {
  test('synthesizes the stages that allow the placeholder and leaves out, with a line each, those that refuse it', () => {
    const { configs, notices } = resolveStages({});
    expect(configs.map((c) => c.stage)).toEqual(['dev']);
    expect(notices).toEqual(
      (['staging', 'prod'] as const).map(
        (stage) =>
          `${stage}: not synthesized: it needs app images (-c stage=${stage} -c apiImage=<uri> -c workerImage=<uri>), or -c allowPlaceholderImages=true to synthesize the placeholder`,
      ),
    );
  });

  test('leaves nothing out once an image or the placeholder flag is given: those are refused or allowed explicitly', () => {
    expect(resolveStages({ allowPlaceholderImages: 'true' }).configs.map((c) => c.stage)).toEqual(['dev', 'staging', 'prod']);
    expect(
      issuesOf(() => resolveStages({ apiImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0' })).map((i) => i.split(':')[0]),
    ).toEqual(['staging.worker.image.uri', 'prod.worker.image.uri']);
  });

  test("still validates the stages it leaves out: an override file's mistake there is an error", () => {
    expect(issuesOf(() => resolveStages({ overrides: { prod: { database: { readReplicas: 0 } } } })).map((i) => i.split(':')[0])).toEqual([
      'prod.database.readReplicas',
    ]);
  });

  test("bin/app.ts writes dev's templates only, exits 0 and says which stages it left out", () => {
    const run = plainSynth();
    expect(run.status).toBe(0);
    expect(run.templates.length).toBeGreaterThan(0);
    expect(run.templates.every((file) => file.startsWith('dev-'))).toBe(true);
    expect(
      run.stderr
        .split('\n')
        .filter((line) => line.includes('not synthesized'))
        .map((line) => line.split(':')[0]),
    ).toEqual(['staging', 'prod']);
  });
});

describe('private ECR images', () => {
  const API =
    '111111111111.dkr.ecr.eu-west-1.amazonaws.com/webapp/api@sha256:0d5f2bd3b2b42a4c0ad5d2bd3d6a3e0e8c1e9b8f6a7d2c4b5e6f708192a3b4c5';
  // The worker's repository is in another account (its repository policy must let this account pull).
  const WORKER = '999999999999.dkr.ecr.eu-west-1.amazonaws.com/webapp/worker:2026.12.1';
  const synth = () => synthStage('prod', { apiImage: API, workerImage: WORKER, allowPlaceholderImages: undefined });
  const template = () => synth().templates.services;

  /** The ECR statements of the execution role of the `api` or `worker` task definition. */
  const ecrStatements = (name: 'api' | 'worker') => {
    const taskDef = Object.values(template().findResources('AWS::ECS::TaskDefinition')).find(
      (t) => t.Properties.ContainerDefinitions[0].Name === name,
    )!;
    const role = taskDef.Properties.ExecutionRoleArn['Fn::GetAtt'][0];
    const policies = Object.values(template().findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }));
    return policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('ecr:')));
  };

  test.each([
    ['api', 'arn:aws:ecr:eu-west-1:111111111111:repository/webapp/api'],
    ['worker', 'arn:aws:ecr:eu-west-1:999999999999:repository/webapp/worker'],
  ] as const)('the %s execution role may pull from exactly its repository', (name, repository) => {
    expect(ecrStatements(name)).toEqual([
      {
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: repository,
      },
      // GetAuthorizationToken has no resource type (ECR's Service Authorization Reference).
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ]);
  });

  test('the tasks run the given image, pinned by digest or tag', () => {
    const images = Object.values(template().findResources('AWS::ECS::TaskDefinition')).map((t) =>
      JSON.stringify(t.Properties.ContainerDefinitions[0].Image),
    );
    expect(images).toEqual([
      expect.stringContaining('/webapp/api@sha256:0d5f2bd3'),
      expect.stringContaining('999999999999.dkr.ecr.eu-west-1.'),
    ]);
  });

  test('the migration runs the API task definition (whose execution role pulls the API image) with the image as given', () => {
    const [migration] = Object.values(template().findResources('Custom::DatabaseMigration'));
    expect(migration.Properties.Image).toBe(API);
    const apiTaskDef = Object.entries(template().findResources('AWS::ECS::TaskDefinition')).find(
      ([, t]) => t.Properties.ContainerDefinitions[0].Name === 'api',
    )![0];
    expect(migration.Properties.TaskDefinitionArn).toEqual({ Ref: apiTaskDef });
  });

  test('the services stack has no unacknowledged cdk-nag finding (GetAuthorizationToken on * is acknowledged on the execution roles only)', () => {
    expect(nagFindings(synth().stacks.services)).toEqual([]);
  });
});
