import { IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PlatformStack } from '../stacks/platform-stack';

/**
 * An Aspect added once on the scope that holds every stage's stacks (the app), which acts only on
 * the constructs of one stage's stacks. Being an Aspect, it also reaches stacks and constructs
 * added after it, and constructs other Aspects add.
 */
export abstract class StageAspect implements IAspect {
  constructor(readonly stage: string) {}

  visit(node: IConstruct): void {
    const stack = stackOf(node);
    if (stack instanceof PlatformStack && stack.config.stage === this.stage) this.visitInStage(node, stack);
  }

  protected abstract visitInStage(node: IConstruct, stack: PlatformStack): void;
}

/** The innermost stack holding `node` (the node itself when it is one); none for the app and its own children. */
function stackOf(node: IConstruct): Stack | undefined {
  return node.node.scopes.filter((scope): scope is Stack => Stack.isStack(scope)).pop();
}
