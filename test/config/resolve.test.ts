import { formatIssue } from '../../lib/config/config-issue';
import { DEFAULT_IMAGE } from '../../lib/config/images';
import { ConfigInputs, resolveStages } from '../../lib/config/resolve';
import { configIssuesOf } from '../support/config-errors';

// What bin/app.ts hands the app: the stage tables, merged with the override file and the context
// values, validated. These run without aws-cdk-lib; test/stacks/images.test.ts runs bin/app.ts itself.

const API = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0';
const WORKER = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1.0.0';
const NOT_SYNTHESIZED = (stage: string) =>
  `${stage}: not synthesized: it needs app images (-c stage=${stage} -c apiImage=<uri> -c workerImage=<uri>), or -c allowPlaceholderImages=true to synthesize the placeholder`;
const PLACEHOLDER_REFUSED = (path: string) =>
  `${path}: got "${DEFAULT_IMAGE.uri}"; expected an app image, not the placeholder (${path.split('.')[0]}.delivery.allowPlaceholderImages is false): pass -c apiImage=<uri> -c workerImage=<uri>, or -c allowPlaceholderImages=true to deploy the placeholder on purpose`;

const issues = (inputs: ConfigInputs) => configIssuesOf(() => resolveStages(inputs)).map(formatIssue);
const paths = (inputs: ConfigInputs) => configIssuesOf(() => resolveStages(inputs)).map((issue) => issue.path);

describe('a plain synth (no stage, no image, no placeholder flag)', () => {
  it('synthesizes the stages that allow the placeholder and says which it left out', () => {
    const { configs, notices } = resolveStages({});
    expect(configs.map((c) => c.stage)).toEqual(['dev']);
    expect(notices).toEqual([NOT_SYNTHESIZED('staging'), NOT_SYNTHESIZED('prod')]);
  });

  it.each<[string, ConfigInputs, string[]]>([
    ['a stage', { stage: 'staging' }, ['staging.api.image.uri', 'staging.worker.image.uri']],
    ['an API image', { apiImage: API }, ['staging.worker.image.uri', 'prod.worker.image.uri']],
    ['a worker image', { workerImage: WORKER }, ['staging.api.image.uri', 'prod.api.image.uri']],
    [
      'allowPlaceholderImages=false',
      { allowPlaceholderImages: 'false' },
      [
        'dev.api.image.uri',
        'dev.worker.image.uri',
        'staging.api.image.uri',
        'staging.worker.image.uri',
        'prod.api.image.uri',
        'prod.worker.image.uri',
      ],
    ],
  ])('is no longer plain with %s: a stage without its images is an error, not a notice', (_what, inputs, refused) => {
    expect(paths(inputs)).toEqual(refused);
    expect(issues(inputs)[0]).toBe(PLACEHOLDER_REFUSED(refused[0]));
  });

  it('allowPlaceholderImages=true synthesizes every stage, without notices', () => {
    const { configs, notices } = resolveStages({ allowPlaceholderImages: 'true' });
    expect(configs.map((c) => [c.stage, c.delivery.allowPlaceholderImages])).toEqual([
      ['dev', true],
      ['staging', true],
      ['prod', true],
    ]);
    expect(notices).toEqual([]);
  });
});

describe('context values', () => {
  it('-c stage selects that stage alone', () => {
    expect(resolveStages({ stage: 'prod', apiImage: API, workerImage: WORKER }).configs.map((c) => c.stage)).toEqual(['prod']);
  });

  it('an image replaces the placeholder and its command, and keeps the configured user', () => {
    const [prod] = resolveStages({ stage: 'prod', apiImage: API, workerImage: WORKER }).configs;
    expect(prod.api.image).toEqual({ uri: API, user: DEFAULT_IMAGE.user });
    expect(prod.worker.image).toEqual({ uri: WORKER, user: DEFAULT_IMAGE.user });
  });

  it("-c account replaces the stage's account; the region stays", () => {
    const [dev] = resolveStages({ stage: 'dev', account: '444444444444' }).configs;
    expect(dev.env).toEqual({ account: '444444444444', region: 'eu-west-1' });
  });

  it.each<[ConfigInputs, string]>([
    [{ stage: 'qa' }, 'context stage: got "qa"; expected one of dev, staging, prod'],
    [
      { allowPlaceholderImages: 'yes' },
      'context allowPlaceholderImages: got "yes"; expected true or false (true deploys the placeholder image where no -c apiImage / -c workerImage is given)',
    ],
    [
      { account: '444444444444' },
      'context account/region: got "444444444444"; expected to be given with -c stage=<name>: an account belongs to one stage',
    ],
    [
      { region: 'eu-central-1' },
      'context account/region: got "eu-central-1"; expected to be given with -c stage=<name>: an account belongs to one stage',
    ],
  ])('%p is refused', (inputs, issue) => {
    expect(issues({ allowPlaceholderImages: 'true', ...inputs })).toContain(issue);
  });
});

describe('the override file', () => {
  it.each<[unknown]>([['prod'], [null], [[{ prod: {} }]]])('%p is not an object keyed by stage: one issue', (overrides) => {
    expect(issues({ allowPlaceholderImages: 'true', overrides })).toEqual([
      `configFile: got ${JSON.stringify(overrides)}; expected an object keyed by stage name (dev, staging, prod)`,
    ]);
  });

  it('names an unknown stage and a stage entry that is not an object, each once', () => {
    // The stage entries that are not objects also replace their whole stage, which validation then refuses field by field.
    expect(
      issues({ allowPlaceholderImages: 'true', overrides: { qa: {}, dev: 5, staging: null, prod: [] } }).filter((i) =>
        i.startsWith('configFile'),
      ),
    ).toEqual([
      'configFile.qa: got {}; expected a stage name: one of dev, staging, prod',
      'configFile.dev: got 5; expected an object of settings to override',
      'configFile.staging: got null; expected an object of settings to override',
      'configFile.prod: got []; expected an object of settings to override',
    ]);
  });

  it('a stage not selected may be anything: it is neither built nor read for its OIDC provider', () => {
    for (const prod of [{ env: null }, { delivery: null }, { delivery: 'none' }]) {
      expect(resolveStages({ stage: 'dev', overrides: { prod } }).configs.map((c) => c.stage)).toEqual(['dev']);
    }
  });
});

describe('OIDC providers are checked across stages, reported on the stages synthesized', () => {
  // dev creates the provider of 111111111111; a second stage in that account must not create another.
  const SECOND =
    'staging.delivery.createOidcProvider: got true; expected false: stage "dev" already creates the OIDC provider of account 111111111111, and an account holds only one';

  it('a second creator in one account is refused when it is synthesized, alone or with the others', () => {
    const overrides = { staging: { env: { account: '111111111111' } } };
    expect(issues({ allowPlaceholderImages: 'true', overrides })).toEqual([SECOND]);
    expect(issues({ stage: 'staging', allowPlaceholderImages: 'true', overrides })).toEqual([SECOND]);
    expect(issues({ stage: 'dev', overrides })).toEqual([]);
  });

  it('the selected stage counts with its context values (-c account), not its table', () => {
    expect(issues({ stage: 'staging', account: '111111111111', allowPlaceholderImages: 'true' })).toEqual([SECOND]);
  });
});
