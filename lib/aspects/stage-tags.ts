import { Tag } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PROJECT_TAG_KEY, STAGE_TAG_KEY } from '../../lambda/shared/stage-tags';
import { StageAspect } from './stage-aspect';

/**
 * Tags every taggable resource of the stage with Project and Stage (budgets, anomaly monitors and
 * IAM conditions select by Stage). Each node is handed to CDK's own Tag aspects, as
 * `Tags.of(stack).add` would, without naming the stacks one by one.
 */
export class StageTags extends StageAspect {
  private readonly tags: readonly Tag[];

  constructor(stage: string, project: string) {
    super(stage);
    // Resources only, as `Tags.of(stack).add` does under cdk.json's explicitStackTags: stack tags would be a separate change.
    const props = { excludeResourceTypes: ['aws:cdk:stack'] };
    this.tags = [new Tag(PROJECT_TAG_KEY, project, props), new Tag(STAGE_TAG_KEY, stage, props)];
  }

  protected visitInStage(node: IConstruct): void {
    for (const tag of this.tags) tag.visit(node);
  }
}
