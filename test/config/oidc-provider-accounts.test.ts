import { formatIssue } from '../../lib/config/config-issue';
import { DELIVERY_DEFAULTS, DeliveryConfig, StageDelivery, validateOidcProviderOwnership } from '../../lib/config/delivery';
import { resolveStageConfigs } from '../../lib/config/resolve';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES } from '../../lib/config/stage-name';
import { configErrorMessage } from '../support/config-errors';

/*
 * The CI roles of a stage trust the GitHub OIDC provider of the stage's own account. IAM refuses a
 * role whose trust policy names a provider that does not exist, and a role trusts only a provider
 * of its own account: every account needs one stage that creates it, or a named existing one.
 */

const PROVIDER = (account: string) => `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
const delivery = (patch: Partial<DeliveryConfig>): DeliveryConfig => ({ ...DELIVERY_DEFAULTS.dev, ...patch });
const stage = (name: string, account: string, patch: Partial<DeliveryConfig>): StageDelivery => ({
  stage: name,
  account,
  delivery: delivery(patch),
});
const messages = (stages: StageDelivery[]) => validateOidcProviderOwnership(stages).map(formatIssue);

describe('the stage tables as shipped', () => {
  it('give every stage a provider in its own account: created there, or by another stage of that account', () => {
    const creators = new Set(STAGE_NAMES.filter((s) => STAGES[s].delivery.createOidcProvider).map((s) => STAGES[s].env.account));
    for (const name of STAGE_NAMES) {
      const { env, delivery: d } = STAGES[name];
      const owned = d.createOidcProvider || creators.has(env.account) || d.existingOidcProviderArn === PROVIDER(env.account);
      expect({ stage: name, account: env.account, owned }).toEqual({ stage: name, account: env.account, owned: true });
    }
  });

  it.each(STAGE_NAMES)('%s resolves alone, as CI deploys it (-c stage=<name>)', (name) => {
    expect(() => resolveStageConfigs({ stage: name, allowPlaceholderImages: 'true' })).not.toThrow();
  });
});

describe('validateOidcProviderOwnership', () => {
  it('refuses a stage that imports the provider of an account where no stage creates it', () => {
    expect(
      messages([
        stage('dev', '111111111111', { createOidcProvider: true }),
        stage('staging', '222222222222', { createOidcProvider: false }),
      ]),
    ).toEqual([
      expect.stringMatching(
        /^staging\.delivery\.createOidcProvider: got false; expected true: no stage of account 222222222222 creates its GitHub OIDC provider.*existingOidcProviderArn to arn:aws:iam::222222222222:oidc-provider\/token\.actions\.githubusercontent\.com/,
      ),
    ]);
  });

  it('accepts a stage that shares the account of the stage that creates the provider', () => {
    expect(
      messages([
        stage('dev', '111111111111', { createOidcProvider: true }),
        stage('staging', '111111111111', { createOidcProvider: false }),
      ]),
    ).toEqual([]);
  });

  it('accepts a provider made outside the app when the stage names it in its own account', () => {
    expect(
      messages([stage('prod', '333333333333', { createOidcProvider: false, existingOidcProviderArn: PROVIDER('333333333333') })]),
    ).toEqual([]);
  });

  it("refuses a named provider of another account (a role trusts only its own account's provider)", () => {
    expect(
      messages([stage('prod', '333333333333', { createOidcProvider: false, existingOidcProviderArn: PROVIDER('111111111111') })]),
    ).toEqual([
      expect.stringMatching(
        /^prod\.delivery\.existingOidcProviderArn: got ".*111111111111.*"; expected a provider of the stage's own account 333333333333/,
      ),
    ]);
  });

  it('still refuses two creators in one account', () => {
    expect(
      messages([
        stage('dev', '111111111111', { createOidcProvider: true }),
        stage('staging', '111111111111', { createOidcProvider: true }),
      ]),
    ).toEqual([expect.stringMatching(/^staging\.delivery\.createOidcProvider: got true; expected false: stage "dev" already creates/)]);
  });
});

describe('resolveStageConfigs looks across stages, even when one is selected', () => {
  it('refuses staging alone in its account without a provider', () => {
    const message = configErrorMessage(() =>
      resolveStageConfigs({
        stage: 'staging',
        allowPlaceholderImages: 'true',
        overrides: { staging: { delivery: { createOidcProvider: false } } },
      }),
    );
    expect(message).toMatch(/staging\.delivery\.createOidcProvider: got false; expected true: no stage of account 222222222222 creates/);
  });

  it('lets staging import the provider dev creates in a shared account, though dev is not selected', () => {
    const overrides = { staging: { env: { account: STAGES.dev.env.account }, delivery: { createOidcProvider: false } } };
    expect(() => resolveStageConfigs({ stage: 'staging', allowPlaceholderImages: 'true', overrides })).not.toThrow();
  });

  it("does not hold a deploy of one stage against another stage's table", () => {
    const overrides = { dev: { delivery: { createOidcProvider: false } } };
    expect(() => resolveStageConfigs({ stage: 'prod', allowPlaceholderImages: 'true', overrides })).not.toThrow();
    expect(configErrorMessage(() => resolveStageConfigs({ stage: 'dev', allowPlaceholderImages: 'true', overrides }))).toMatch(
      /dev\.delivery\.createOidcProvider: got false/,
    );
  });
});
