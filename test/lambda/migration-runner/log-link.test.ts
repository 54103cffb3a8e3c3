import { logEventsUrl, migrationLogLink, taskLogStream } from '../../../lambda/migration-runner/log-link';
import { TASK_ARN } from './fixtures';

describe('log links', () => {
  it('names the awslogs stream <prefix>/<container>/<task id>', () => {
    expect(taskLogStream('api', 'web', TASK_ARN)).toBe('api/web/0123456789abcdef0123456789abcdef');
  });

  it('escapes the console path the way the CloudWatch console does', () => {
    expect(logEventsUrl('us-east-1', '/ecs/a b', 'x/y')).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Fecs$252Fa$2520b/log-events/x$252Fy',
    );
  });

  it('takes the region from the task ARN', () => {
    expect(migrationLogLink(TASK_ARN, 'api', '/g', 'p')).toMatch(
      /^\/g p\/api\/0123456789abcdef0123456789abcdef: https:\/\/eu-west-1\.console/,
    );
  });

  it('says why there is no link when the container does not use awslogs', () => {
    expect(migrationLogLink(TASK_ARN, 'api')).toBe('no awslogs configuration on the container, so no log link');
  });
});
