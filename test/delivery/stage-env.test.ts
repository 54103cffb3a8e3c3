import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { STAGES } from '../../lib/config/stages';
import { stageConfig, stageEnvironment } from '../../scripts/ci/stage-env';

/*
 * The workflows take a stage's account and regions from its config, not from a variable that can
 * drift from it, and refuse a role of another account before assuming it.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const prod = STAGES.prod;
const roleIn = (account: string) => `arn:aws:iam::${account}:role/prod-delivery-GithubOidcDeployRole-ABC123`;

describe('stageEnvironment', () => {
  it("gives the stage's account, region and DR region as GITHUB_OUTPUT lines", () => {
    expect(stageEnvironment(prod)).toEqual([
      `account=${prod.env.account}`,
      `region=${prod.env.region}`,
      `dr-region=${prod.backup.drRegion}`,
    ]);
  });

  it("accepts a role of the stage's account", () => {
    expect(stageEnvironment(prod, roleIn(prod.env.account))).toContain(`region=${prod.env.region}`);
  });

  it('refuses a role of another account, naming both accounts and where the right role is', () => {
    expect(() => stageEnvironment(prod, roleIn('111111111111'))).toThrow(
      `The role to assume for prod is in account 111111111111, but prod deploys to account ${prod.env.account} (its stage config): use the role from the outputs of prod-delivery in account ${prod.env.account}`,
    );
  });

  it.each(['', 'prod-deploy', 'arn:aws:iam::333333333333:user/ci'])('refuses %j, which is no role ARN', (arn) => {
    expect(() => stageEnvironment(prod, arn)).toThrow(
      /is not an IAM role ARN .*output DeployRoleArn \(or DiffRoleArn\) of the stack prod-delivery/,
    );
  });
});

describe('stageConfig', () => {
  it('resolves a stage as cdk deploy -c stage=<stage> does, images aside', () => {
    expect(stageConfig('staging').env).toEqual(STAGES.staging.env);
  });
});

describe('the command line', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/ci/stage-env.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('prints the lines for GITHUB_OUTPUT and exits 0', () => {
    const result = run('--stage', 'dev', '--role-arn', `arn:aws:iam::${STAGES.dev.env.account}:role/dev-deploy`);
    expect({ status: result.status, stdout: result.stdout }).toEqual({
      status: 0,
      stdout: `account=${STAGES.dev.env.account}\nregion=${STAGES.dev.env.region}\ndr-region=${STAGES.dev.backup.drRegion}\n`,
    });
  });

  it('exits 1 with a ::error:: annotation and prints nothing for GITHUB_OUTPUT on a wrong role or stage', () => {
    const wrongRole = run('--stage', 'dev', '--role-arn', roleIn(prod.env.account));
    expect({ status: wrongRole.status, stdout: wrongRole.stdout }).toEqual({ status: 1, stdout: '' });
    expect(wrongRole.stderr).toMatch(/^::error::The role to assume for dev is in account 333333333333/m);
    const wrongStage = run('--stage', 'qa');
    expect(wrongStage.status).toBe(1);
    expect(wrongStage.stderr).toMatch(/^::error::.*context stage: got "qa"; expected one of dev, staging, prod/m);
  });
});
