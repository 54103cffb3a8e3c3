import { App } from 'aws-cdk-lib';
import { buildPlatformApp } from '../../lib/app';
import { ConfigValidationError } from '../../lib/config/config-issue';

// Apart from test/config/stage-config.test.ts so that file loads no aws-cdk-lib: the mutation run
// (jest.stryker.config.js) runs the config tests once per mutant.
test('no stack is created when any stage is invalid', () => {
  const app = new App();
  expect(() => buildPlatformApp(app, { overrides: { prod: { database: { readReplicas: 0 } } } })).toThrow(ConfigValidationError);
  expect(app.node.children).toHaveLength(0);
});
