import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { PlatformStack } from '../stacks/platform-stack';
import { StageAspect } from './stage-aspect';

/**
 * Encrypts every log group of the stage that names no key with the stage's logs key (CDK's own
 * log groups included), in the stacks of the key's region: CloudWatch Logs uses a key of its region only.
 */
export class EncryptLogGroups extends StageAspect {
  constructor(
    stage: string,
    private readonly key: kms.IKey,
  ) {
    super(stage);
  }

  protected visitInStage(node: IConstruct, stack: PlatformStack): void {
    if (node instanceof logs.CfnLogGroup && node.kmsKeyId === undefined && stack.region === this.key.env.region)
      node.kmsKeyId = this.key.keyArn;
  }
}
