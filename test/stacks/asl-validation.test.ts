import { type Diagnostic, DiagnosticSeverity, getLanguageService, TextDocument } from 'amazon-states-language-service';
import { STAGE_NAMES } from '../../lib/config/stage-name';
import { type AslDefinition, stateMachinesOf } from '../support/asl-definition';
import { APP_IMAGES, synthStage } from '../support/stage-synth';

/**
 * Every state machine of every stage, validated as Amazon States Language by AWS's own language
 * service (the one its editors use): a definition CloudFormation would accept but Step Functions
 * would reject at create time fails here, offline.
 */

const service = getLanguageService({});

async function errorsOf(definition: unknown): Promise<Diagnostic[]> {
  const document = TextDocument.create('file:///state-machine.asl.json', 'json', 1, JSON.stringify(definition, null, 2));
  const diagnostics = await service.doValidation(document, service.parseJSONDocument(document));
  return diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
}

const machines = STAGE_NAMES.flatMap((stage) =>
  Object.entries(synthStage(stage, APP_IMAGES[stage]).templates).flatMap(([part, template]) =>
    Object.entries(stateMachinesOf(template)).map(([id, definition]) => ({ stage, part, id, definition })),
  ),
);

describe('every state machine definition is valid ASL', () => {
  test('every stage has state machines to validate', () => {
    for (const stage of STAGE_NAMES) expect(machines.filter((m) => m.stage === stage).length).toBeGreaterThanOrEqual(3);
  });

  test.each(machines.map((m) => [m.stage, m.part, m.id, m.definition] as const))(
    '%s %s %s: no errors',
    async (_stage, _part, _id, definition) => {
      expect((await errorsOf(definition)).map((d) => d.message)).toEqual([]);
    },
  );
});

describe('the validator rejects broken definitions', () => {
  const valid: AslDefinition = { StartAt: 'Work', States: { Work: { Type: 'Pass', Next: 'Done' }, Done: { Type: 'Succeed' } } };

  test('a valid definition passes', async () => {
    expect(await errorsOf(valid)).toEqual([]);
  });

  test('a definition without StartAt', async () => {
    const { StartAt: _omitted, ...broken } = valid;
    expect((await errorsOf(broken)).map((d) => d.message)).toContain('Missing property "StartAt".');
  });

  test('a Next to a state that does not exist', async () => {
    const broken = { ...valid, States: { ...valid.States, Work: { Type: 'Pass', Next: 'Nowhere' } } };
    expect((await errorsOf(broken)).map((d) => d.message)).toContain('The value of "Next" property must be the name of an existing state.');
  });

  test('a Task with a Catch to a missing state, in a synthesized definition', async () => {
    const { definition } = machines.find((m) => Object.values(m.definition.States).some((s) => s.Catch))!;
    const [name, state] = Object.entries(definition.States).find(([, s]) => s.Catch)!;
    const broken = {
      ...definition,
      States: { ...definition.States, [name]: { ...state, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Nowhere' }] } },
    };
    expect((await errorsOf(broken)).length).toBeGreaterThan(0);
  });
});
