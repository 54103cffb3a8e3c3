import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/types';
import { COMMANDS, IamRequest } from '../../scripts/iam/aws-requests';
import { StageTemplates } from '../../scripts/iam/concrete';
import { denial, requestsFor, StageFunction, StagePlace, stageFunctions } from '../../scripts/iam/contract';
import { TemplateJson } from '../../scripts/iam/policies';
import { CallRecord, RECORD_DIR } from '../support/aws-call-record';
import { synthStage } from '../support/stage-synth';
import { FIXTURE_ALIASES, NO_AWS_CALLS, NOT_YET_IN_STAGE_TERMS } from '../iam-contract/fixtures';

/**
 * The IAM contract: every AWS call each automation function's tests recorded (test/support/
 * aws-call-recorder.ts) is evaluated, in every stage, against that function's role policies in
 * the synthesized templates by @cloud-copilot/iam-simulate (an AWS IAM policy evaluator; AGPL,
 * a test-only devDependency, never bundled).
 */

const REPO = path.resolve(__dirname, '..', '..');
const FUNCTIONS = fs.readdirSync(path.join(REPO, 'lambda')).filter((d) => fs.existsSync(path.join(REPO, 'lambda', d, 'index.ts')));

function records(fn: string): CallRecord[] {
  const dir = path.join(REPO, RECORD_DIR, fn);
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CallRecord) : [];
}

function stageTemplates(stage: StageName): StageTemplates {
  const synth = synthStage(stage);
  const byStackName = Object.fromEntries(Object.values(synth.stacks).map((s) => [(s as Stack).stackName, synth.templates[Object.entries(synth.stacks).find(([, x]) => x === s)![0]].toJSON() as TemplateJson]));
  const { account, region } = STAGES[stage].env;
  return { byStackName, where: { partition: 'aws', account, region } };
}

function place(stage: StageName, fn: StageFunction): StagePlace {
  const { account, region } = STAGES[stage].env;
  return { partition: 'aws', account, region, drRegion: fn.environment.DR_REGION };
}

/** Every authorization a function's recorded calls need in a stage, and each one the role lacks. */
async function missingPermissions(stage: StageName, fn: StageFunction): Promise<string[]> {
  const problems = new Set<string>();
  for (const record of records(fn.name)) {
    for (const call of record.calls) {
      let requests: IamRequest[];
      try {
        requests = requestsFor(call, fn, FIXTURE_ALIASES[fn.name] ?? {}, place(stage, fn));
      } catch (error) {
        problems.add(`${stage} ${fn.name}: ${call.command} recorded in ${record.testFile}: ${(error as Error).message}`);
        continue;
      }
      for (const request of requests) {
        const denied = await denial(request, fn, place(stage, fn));
        if (denied) {
          const context = Object.entries(request.context ?? {}).map(([k, v]) => ` with ${k}=${JSON.stringify(v)}`).join('');
          problems.add(`${stage} ${fn.name} (role ${fn.roleId}): ${request.action} on ${request.resource}${context} is ${denied}${request.why ? ` [${request.why}]` : ''} (${call.command} in ${record.testFile})`);
        }
      }
    }
  }
  return [...problems];
}

describe('the calls each function\'s tests recorded', () => {
  test.each(FUNCTIONS.filter((fn) => !NO_AWS_CALLS[fn]))('%s has recorded AWS calls (its handler tests send them through aws-sdk-client-mock)', (fn) => {
    expect(records(fn).flatMap((r) => r.calls).length).toBeGreaterThan(0);
  });

  test.each(Object.keys(NO_AWS_CALLS))('%s, listed as making no AWS call, imports no AWS SDK client', (fn) => {
    const sources = fs.readdirSync(path.join(REPO, 'lambda', fn)).map((f) => fs.readFileSync(path.join(REPO, 'lambda', fn, f), 'utf8'));
    expect(sources.filter((s) => s.includes('@aws-sdk/client-'))).toEqual([]);
    expect(records(fn)).toEqual([]);
  });

  test('every recorded command has a row (action, resources, source) in COMMANDS', () => {
    const commands = new Set(FUNCTIONS.flatMap((fn) => records(fn).flatMap((r) => r.calls.map((c) => `${c.client}.${c.command}`))));
    expect([...commands].filter((c) => !COMMANDS[c])).toEqual([]);
    for (const row of Object.values(COMMANDS)) expect(row.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});

describe.each(STAGE_NAMES)('%s: each function\'s role allows every call its tests recorded', (stage: StageName) => {
  const functions = () => stageFunctions(stageTemplates(stage));

  test('the stage builds automation functions from lambda/', () => {
    expect(functions().length).toBeGreaterThan(10);
    expect(functions().map((f) => f.name).filter((n) => !FUNCTIONS.includes(n))).toEqual([]);
  });

  test('no role lacks a permission its function\'s calls need (stage, function, action and resource named)', async () => {
    const problems: string[] = [];
    for (const fn of functions().filter((f) => !NOT_YET_IN_STAGE_TERMS[f.name])) problems.push(...(await missingPermissions(stage, fn)));
    expect(problems).toEqual([]);
  });

  test('each function not yet in stage terms still has a finding (remove its NOT_YET_IN_STAGE_TERMS entry once it has none)', async () => {
    const clean: string[] = [];
    for (const fn of functions().filter((f) => NOT_YET_IN_STAGE_TERMS[f.name])) if ((await missingPermissions(stage, fn)).length === 0) clean.push(fn.name);
    expect(clean).toEqual([]);
  });
});
