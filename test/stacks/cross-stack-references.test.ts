import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { synthStage } from '../support/stage-synth';

/**
 * Weak cross-stack references (`Fn::GetStackOutput`) are accepted by CloudFormation and cfn-lint
 * only as a plain value or inside these functions; inside `Fn::Split` (what CDK's target-group
 * metrics build from a listener ARN) cfn-lint fails E1022 and the stack may not create.
 */
const ALLOWED_AROUND_STACK_OUTPUT = new Set(['Fn::Join', 'Fn::If', 'Fn::Select', 'Fn::Sub', 'Fn::Base64']);

interface StackOutputUse {
  readonly path: string;
  /** The nearest intrinsic function around the reference; undefined when it is a plain value. */
  readonly enclosedBy?: string;
}

function stackOutputUses(node: unknown, path: string, enclosedBy?: string): StackOutputUse[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => stackOutputUses(item, `${path}/${i}`, enclosedBy));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => {
    if (key === 'Fn::GetStackOutput') return [{ path, enclosedBy }];
    return stackOutputUses(value, `${path}/${key}`, key.startsWith('Fn::') ? key : enclosedBy);
  });
}

describe.each(STAGE_NAMES)('%s cross-stack references', (stage: StageName) => {
  test('Fn::GetStackOutput appears only as a plain value or inside Join, If, Select, Sub or Base64', () => {
    const uses = Object.entries(synthStage(stage).templates).flatMap(([part, template]) =>
      stackOutputUses(template.toJSON(), `${stage}-${part}`),
    );
    const misplaced = uses
      .filter((u) => u.enclosedBy && !ALLOWED_AROUND_STACK_OUTPUT.has(u.enclosedBy))
      .map((u) => `${u.path}: inside ${u.enclosedBy}`);
    // The scan must see the stage's weak references at all, or it proves nothing.
    expect(uses.length).toBeGreaterThan(50);
    expect(misplaced).toEqual([]);
  });
});
