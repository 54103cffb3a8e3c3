import * as fs from 'node:fs';
import * as path from 'node:path';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { COMMANDS, IamRequest } from '../../scripts/iam/aws-requests';
import { StageTemplates } from '../../scripts/iam/concrete';
import { denial, requestsFor, StageFunction, StagePlace, stageFunctions, TagLedger } from '../../scripts/iam/contract';
import { stageInvokers } from '../../scripts/iam/invokers';
import { TemplateJson } from '../../scripts/iam/policies';
import { CallRecord, RECORD_DIR, testFileKey } from '../support/aws-call-record';
import { lambdaFunctions } from '../../scripts/lambda-functions';
import { APP_IMAGES, synthStage, SynthesizedStage } from '../support/stage-synth';
import { FIXTURE_ALIASES, NO_AWS_CALLS, ONLY_WITH_APP_IMAGES } from '../iam-contract/fixtures';

/**
 * The IAM contract: every AWS call each automation function's tests recorded (test/support/
 * aws-call-recorder.ts) is evaluated, in every stage, against that function's role policies in
 * the synthesized templates by @cloud-copilot/iam-simulate (an AWS IAM policy evaluator; AGPL,
 * a test-only devDependency, never bundled). So are the invocations the stage's state machines,
 * schedules and rules make with their own roles.
 */

const REPO = path.resolve(__dirname, '..', '..');
const FOLDERS = new Map(lambdaFunctions(path.join(REPO, 'lambda')).map((f) => [f.name, f.dir]));
const FUNCTIONS = [...FOLDERS.keys()];
const RECORDS = path.join(REPO, RECORD_DIR);

function records(fn: string): CallRecord[] {
  const dir = path.join(RECORDS, fn);
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CallRecord) : [];
}

function templatesOf(synth: SynthesizedStage, stage: StageName): StageTemplates {
  const byStackName = Object.fromEntries(
    Object.entries(synth.facts).map(([part, s]) => [s.stackName, synth.templates[part].toJSON() as TemplateJson]),
  );
  const { account, region } = STAGES[stage].env;
  // The DR region's stacks: their pseudo parameters and ARNs name that region.
  const regions = Object.fromEntries(
    Object.values(synth.facts)
      .filter((s) => s.region !== region)
      .map((s) => [s.stackName, s.region]),
  );
  return { byStackName, where: { partition: 'aws', account, region }, regions };
}

/** The stage as deployed by default (placeholder images), and with real app images (adds the migration runner). */
function stageTemplates(stage: StageName): StageTemplates[] {
  return [templatesOf(synthStage(stage), stage), templatesOf(synthStage(stage, APP_IMAGES[stage]), stage)];
}

/** Where a function runs: its stack's region (the DR restore test's functions run in the DR region). */
function place(stage: StageName, fn: StageFunction): StagePlace {
  const { account, region } = STAGES[stage].env;
  const own = Object.values(synthStage(stage).facts).find((s) => s.stackName === fn.stackName)?.region ?? region;
  return { partition: 'aws', account, region: own, drRegion: fn.environment.DR_REGION };
}

interface Evaluation {
  readonly fn: StageFunction;
  readonly testFile: string;
  readonly command: string;
  readonly requests: IamRequest[];
}

/**
 * Every authorization the functions' recorded calls need in a stage, and each one the role lacks.
 * A name deployed as several functions (the migration runner's start and wait phases) needs each
 * call allowed by one of them. Resource tags come from the whole stage's records first (a copy
 * carries the tags its start step gave it), then each request is evaluated.
 */
async function missingPermissions(stage: StageName, functions: StageFunction[]): Promise<Map<string, string[]>> {
  const ledger = new TagLedger();
  const problems = new Map<string, string[]>(functions.map((f) => [f.name, []]));
  const evaluations: Evaluation[][] = [];
  for (const name of [...new Set(functions.map((f) => f.name))]) {
    const deployed = functions.filter((f) => f.name === name);
    for (const record of records(name)) {
      for (const call of record.calls) {
        const options: Evaluation[] = [];
        const errors: string[] = [];
        for (const fn of deployed) {
          try {
            const requests = requestsFor(call, fn, FIXTURE_ALIASES[name] ?? {}, place(stage, fn));
            ledger.note(call, requests, fn, FIXTURE_ALIASES[name] ?? {}, place(stage, fn));
            options.push({ fn, testFile: record.testFile, command: call.command, requests });
          } catch (error) {
            errors.push(`${stage} ${name}: ${call.command} recorded in ${record.testFile}: ${(error as Error).message}`);
          }
        }
        if (options.length) evaluations.push(options);
        else problems.get(name)!.push(...new Set(errors));
      }
    }
  }
  for (const options of evaluations) {
    const denied: string[] = [];
    for (const { fn, testFile, command, requests } of options) {
      const lines: string[] = [];
      for (const request of requests) {
        const context = ledger.context(request);
        const why = await denial(request, fn, place(stage, fn), context);
        if (why) {
          const shown = Object.entries({ ...context, ...(request.context ?? {}) })
            .map(([k, v]) => ` with ${k}=${JSON.stringify(v)}`)
            .join('');
          lines.push(
            `${stage} ${fn.name} (role ${fn.roleId}): ${request.action} on ${request.resource}${shown} is ${why}${request.why ? ` [${request.why}]` : ''} (${command} in ${testFile})`,
          );
        }
      }
      if (lines.length === 0) {
        denied.length = 0;
        break;
      }
      denied.push(...lines);
    }
    problems.get(options[0].fn.name)!.push(...denied);
  }
  return new Map([...problems].map(([k, v]) => [k, [...new Set(v)]]));
}

describe("the calls each function's tests recorded", () => {
  test.each(FUNCTIONS.filter((fn) => !NO_AWS_CALLS[fn]))(
    '%s has recorded AWS calls (its handler tests send them through aws-sdk-client-mock)',
    (fn) => {
      expect(records(fn).flatMap((r) => r.calls).length).toBeGreaterThan(0);
    },
  );

  test.each(Object.keys(NO_AWS_CALLS))('%s, listed as making no AWS call, imports no AWS SDK client', (fn) => {
    const dir = path.join(REPO, 'lambda', FOLDERS.get(fn) ?? fn);
    const sources = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    expect(sources.filter((s) => s.includes('@aws-sdk/client-'))).toEqual([]);
    expect(records(fn)).toEqual([]);
  });

  test('every recorded command has a row (action, resources, source) in COMMANDS', () => {
    const commands = new Set(FUNCTIONS.flatMap((fn) => records(fn).flatMap((r) => r.calls.map((c) => `${c.client}.${c.command}`))));
    expect([...commands].filter((c) => !COMMANDS[c])).toEqual([]);
    for (const row of Object.values(COMMANDS)) expect(row.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  test('no record is stale: each names an existing function folder and test file, under the file the recorder writes for it', () => {
    const stale = fs.readdirSync(RECORDS).flatMap((fn) =>
      fs.readdirSync(path.join(RECORDS, fn)).flatMap((file) => {
        const record = JSON.parse(fs.readFileSync(path.join(RECORDS, fn, file), 'utf8')) as CallRecord;
        const problems = [
          ...(FUNCTIONS.includes(fn) ? [] : [`lambda/${fn} is no function`]),
          ...(record.function === fn ? [] : [`names function ${record.function}`]),
          ...(fs.existsSync(path.join(REPO, record.testFile)) ? [] : [`its test file ${record.testFile} does not exist`]),
          ...(`${testFileKey(REPO, path.join(REPO, record.testFile))}.json` === file ? [] : [`is not the file ${record.testFile} writes`]),
          ...(record.calls.length ? [] : ['records no call']),
        ];
        return problems.map((p) => `${RECORD_DIR}/${fn}/${file}: ${p}`);
      }),
    );
    expect(stale).toEqual([]);
  });
});

test('every automation function is checked in at least one stage', () => {
  const built = new Set(STAGE_NAMES.flatMap((stage) => stageTemplates(stage).flatMap((t) => stageFunctions(t).map((f) => f.name))));
  expect(FUNCTIONS.filter((fn) => !NO_AWS_CALLS[fn] && !built.has(fn))).toEqual([]);
});

describe.each(STAGE_NAMES)("%s: each function's role allows every call its tests recorded", (stage: StageName) => {
  const functions = () => stageTemplates(stage).map(stageFunctions);

  test('the stage builds every automation function from lambda/ (the migration runner with app images only)', () => {
    const [placeholder, app] = functions().map((fns) => new Set(fns.map((f) => f.name)));
    expect([...placeholder].filter((n) => !FUNCTIONS.includes(n))).toEqual([]);
    const missing = FUNCTIONS.filter(
      (fn) => !NO_AWS_CALLS[fn] && !placeholder.has(fn) && !(ONLY_WITH_APP_IMAGES.includes(fn) && app.has(fn)),
    );
    // Recovery drills run where the stage config enables them; every other function is in every stage.
    expect(missing.filter((fn) => !fn.startsWith('drill-'))).toEqual([]);
  });

  test("no role lacks a permission its function's calls need (stage, function, action and resource named)", async () => {
    const [placeholder, app] = functions();
    const checked = [...placeholder, ...app.filter((f) => ONLY_WITH_APP_IMAGES.includes(f.name))];
    const problems = await missingPermissions(stage, checked);
    expect([...problems.values()].flat()).toEqual([]);
    expect([...problems.keys()].sort()).toEqual([...new Set(checked.map((f) => f.name))].sort());
  });
});

describe.each(STAGE_NAMES)('%s: state machines, schedules and rules may invoke their targets', (stage: StageName) => {
  const { account, region } = STAGES[stage].env;
  const where: StagePlace = { partition: 'aws', account, region };
  const invokers = () => stageTemplates(stage).map(stageInvokers);

  test('every state machine task, schedule target and rule target is mapped to the authorizations it needs', () => {
    for (const { invokers: all } of invokers()) {
      expect(all.filter((i) => i.kind === 'state machine').length).toBeGreaterThanOrEqual(2);
      expect(all.flatMap((i) => i.unmapped.map((u) => `${i.stackName}/${i.logicalId}: ${u}`))).toEqual([]);
      for (const i of all) expect(i.requests.length).toBeGreaterThan(0);
    }
  });

  test('each role allows what its state machine, schedule or rule invokes', async () => {
    const problems: string[] = [];
    for (const { invokers: all } of invokers()) {
      for (const invoker of all) {
        for (const request of invoker.requests) {
          const why = await denial(request, invoker, where);
          if (why)
            problems.push(
              `${stage} ${invoker.kind} ${invoker.stackName}/${invoker.logicalId} (role ${invoker.roleId}): ${request.action} on ${request.resource} is ${why} [${request.why}]`,
            );
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  test("each rule with a Lambda target has the function's permission for events.amazonaws.com from that rule", () => {
    for (const { resourcePolicyInvokes } of invokers())
      expect(resourcePolicyInvokes.filter((r) => !r.permitted).map((r) => `${r.stackName}/${r.ruleId} → ${r.functionArn}`)).toEqual([]);
  });
});
