import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { APP_IMAGES, synthStage } from '../support/stage-synth';
import { dependencyClosure, idsOfType, missingPrerequisites, TemplateJson } from '../support/template-dependencies';

/** Resources whose creation runs something: custom resources (they call AWS) and ECS services (they start tasks). */
function deployTimeWork(template: TemplateJson): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource' || r.Type === 'AWS::ECS::Service')
    .map(([id]) => id);
}

function templatesOf(stage: StageName, inputs = APP_IMAGES[stage]): Array<[string, TemplateJson]> {
  return Object.entries(synthStage(stage, inputs).templates).map(([part, t]) => [part, t.toJSON() as TemplateJson]);
}

function gapsOf(templates: Array<[string, TemplateJson]>): string[] {
  return templates.flatMap(([part, template]) =>
    deployTimeWork(template).flatMap((id) => missingPrerequisites(template, id).map((gap) => `${part}/${id} does not wait for ${gap}`)),
  );
}

describe.each(STAGE_NAMES)('%s deploy order', (stage: StageName) => {
  const services = () => synthStage(stage, APP_IMAGES[stage]).templates.services.toJSON() as TemplateJson;

  test('every custom resource and service waits for the policies, security-group rules, secrets and log groups its work needs', () => {
    const templates = templatesOf(stage);
    // The check covers real work: the migration, CDK's own custom resources, both services.
    const work = templates.flatMap(([, t]) => deployTimeWork(t).map((id) => t.Resources[id].Type));
    expect(work).toEqual(expect.arrayContaining(['Custom::DatabaseMigration', 'AWS::ECS::Service']));
    expect(gapsOf(templates)).toEqual([]);
  });

  test('the migration waits for the database rule of its task, both task roles with their policies, its log group and task definition', () => {
    const t = services();
    const [migration] = idsOfType(t, 'Custom::DatabaseMigration');
    const closure = dependencyClosure(t, migration);
    const ingress = Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroupIngress');
    const apiToDatabase = ingress.filter(([id]) => /^ApiToDatabase/.test(id)).map(([id]) => id);
    expect(apiToDatabase).toHaveLength(1);
    const taskDefinition = idsOfType(t, 'AWS::ECS::TaskDefinition').find((id) => /^ApiTask/.test(id))!;
    const apiPolicies = idsOfType(t, 'AWS::IAM::Policy').filter((id) => /^ApiTask(TaskRole|ExecutionRole)DefaultPolicy/.test(id));
    expect(apiPolicies).toHaveLength(2);
    const logGroup = idsOfType(t, 'AWS::Logs::LogGroup').find((id) => /^ApiTaskLogs/.test(id))!;
    for (const needed of [...apiToDatabase, taskDefinition, ...apiPolicies, logGroup])
      expect([needed, closure.has(needed)]).toEqual([needed, true]);
  });

  test('both services start their tasks only after the migration succeeded', () => {
    const t = services();
    const [migration] = idsOfType(t, 'Custom::DatabaseMigration');
    const waiting = idsOfType(t, 'AWS::ECS::Service').map((id) => [
      id.replace(/[0-9A-F]{8}$/, ''),
      dependencyClosure(t, id).has(migration),
    ]);
    expect(waiting).toEqual([
      ['ApiService', true],
      ['WorkerService', true],
    ]);
  });
});

describe('dev with the placeholder image (no migration)', () => {
  test('the services wait for their own policies and security-group rules all the same', () => {
    const templates = templatesOf('dev', {});
    expect(templates.flatMap(([, t]) => idsOfType(t, 'Custom::DatabaseMigration'))).toEqual([]);
    expect(gapsOf(templates)).toEqual([]);
  });
});
