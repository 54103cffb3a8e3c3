import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { StageAspect } from './stage-aspect';

/**
 * CDK's own provider functions (the LogRetention setter, the VPC default-security-group
 * restrictor) are raw `AWS::Lambda::Function` resources that log to `/aws/lambda/<name>`, a group
 * Lambda creates on first run and keeps forever. This gives each of them a log group beside it,
 * with the stage's retention, through the function's LoggingConfig. Functions built with
 * `lambda.Function` (a CfnFunction) are left alone: they get their groups where they are made.
 */
export class ProviderFunctionLogGroups extends StageAspect {
  constructor(
    stage: string,
    private readonly retention: logs.RetentionDays,
  ) {
    super(stage);
  }

  protected visitInStage(node: IConstruct): void {
    if (!(CfnResource.isCfnResource(node) && node.cfnResourceType === 'AWS::Lambda::Function' && node.constructor === CfnResource)) return;
    const scope = node.node.scope!;
    const id = `${node.node.id}Logs`;
    if (scope.node.tryFindChild(id)) return;
    const group = new logs.LogGroup(scope, id, { retention: this.retention, removalPolicy: RemovalPolicy.DESTROY });
    node.addPropertyOverride('LoggingConfig', { LogGroup: group.logGroupName });
  }
}
