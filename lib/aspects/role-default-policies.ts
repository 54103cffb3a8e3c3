import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { StageAspect } from './stage-aspect';

/**
 * Acknowledges NIST.800.53.R5-IAMNoInlinePolicy on each `DefaultPolicy` CDK generates for a role
 * of the stage (the statements grants and `addToRolePolicy` add). Such a policy belongs to that
 * one role and lives and dies with it; a managed policy would only add a resource another role
 * could attach. Inline policies written by hand are not covered and still surface.
 */
export class AcknowledgeRoleDefaultPolicies extends StageAspect {
  protected visitInStage(node: IConstruct): void {
    if (!(node instanceof iam.Policy && node.node.id === 'DefaultPolicy' && node.node.scope instanceof iam.Role)) return;
    Validations.of(node).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: `CDK's default policy of ${node.node.scope.node.path} only: the grants of that role, attached to it alone and deleted with it`,
    });
  }
}
