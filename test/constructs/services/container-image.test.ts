import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { containerImage, parseEcrImageUri } from '../../../lib/constructs/services/private/container-image';
import { testStack } from '../../support/fixtures';

const DIGEST = 'sha256:0d5f2bd3b2b42a4c0ad5d2bd3d6a3e0e8c1e9b8f6a7d2c4b5e6f708192a3b4c5';

describe('parseEcrImageUri', () => {
  test.each([
    [
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2',
      { account: '111111111111', region: 'eu-west-1', repositoryName: 'api', tagOrDigest: '1.4.2' },
    ],
    [
      `111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/api@${DIGEST}`,
      { account: '111111111111', region: 'eu-west-1', repositoryName: 'team/api', tagOrDigest: DIGEST },
    ],
    // A digest pins the image; a tag beside it is only a label.
    [
      `111111111111.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2@${DIGEST}`,
      { account: '111111111111', region: 'eu-west-1', repositoryName: 'api', tagOrDigest: DIGEST },
    ],
    [
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com/api',
      { account: '111111111111', region: 'eu-west-1', repositoryName: 'api', tagOrDigest: undefined },
    ],
    // Other partitions' domains, the FIPS and the dual-stack endpoints.
    [
      '222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn/web/api:7',
      { account: '222222222222', region: 'cn-north-1', repositoryName: 'web/api', tagOrDigest: '7' },
    ],
    [
      '333333333333.dkr.ecr-fips.us-gov-west-1.amazonaws.com/api:7',
      { account: '333333333333', region: 'us-gov-west-1', repositoryName: 'api', tagOrDigest: '7' },
    ],
    [
      '444444444444.dkr-ecr.eu-central-1.on.aws/api_v2.x:7',
      { account: '444444444444', region: 'eu-central-1', repositoryName: 'api_v2.x', tagOrDigest: '7' },
    ],
  ])('%s is a private ECR image', (uri, expected) => {
    expect(parseEcrImageUri(uri)).toEqual(expected);
  });

  test.each([
    'docker.io/traefik/whoami:v1.11',
    'traefik/whoami',
    'public.ecr.aws/nginx/nginx:1.27',
    'ghcr.io/example-org/api:1',
    // Not an account id, not a region, not a repository name ECR accepts.
    '1111.dkr.ecr.eu-west-1.amazonaws.com/api:1',
    '111111111111.dkr.ecr.amazonaws.com/api:1',
    '111111111111.dkr.ecr.eu-west-1.amazonaws.com/API:1',
  ])('%s is not', (uri) => {
    expect(parseEcrImageUri(uri)).toBeUndefined();
  });
});

describe('containerImage', () => {
  function executionStatements(uri: string) {
    const stack = testStack();
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: containerImage(stack, 'Repository', uri) });
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    return { taskDefinition, statements: Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement) };
  }

  test('a private ECR image lets the execution role pull from that repository only, in the partition of the stack', () => {
    const { statements } = executionStatements('111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/api:3');
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: 'arn:aws:ecr:eu-west-1:111111111111:repository/team/api',
      },
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ]);
  });

  test('an image from another registry needs no AWS permission and gets none', () => {
    const { taskDefinition, statements } = executionStatements('ghcr.io/example-org/api:1');
    expect(statements).toEqual([]);
    expect(taskDefinition.executionRole).toBeUndefined();
  });
});
