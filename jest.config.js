/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': '<rootDir>/test/support/esbuild-transform.cjs' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/support/env.cjs'],
  // One directory per run where test files share the stages they synthesize (test/support/shared-synth.ts).
  globalSetup: '<rootDir>/test/support/synth-cache-setup.cjs',
  globalTeardown: '<rootDir>/test/support/synth-cache-teardown.cjs',
  // aws-call-recorder: records the AWS calls handlers send in their tests, for the IAM contract test.
  setupFilesAfterEnv: ['<rootDir>/test/support/cdk-autoclean.cjs', '<rootDir>/test/support/aws-call-recorder.ts'],
  reporters: ['default', '<rootDir>/test/support/count-reporter.cjs'],
  // Two cores: one worker per core keeps CDK synth suites from starving each other.
  maxWorkers: 2,
  testTimeout: 60000,
};
