// CDK's built-in CloudFormation Validate plugin takes most of a synth's time and says the same in
// every suite: suites skip it, except the one validated synth of each plain stage (stageGuards in
// test/support/stage-synth.ts), which runs it as `cdk synth` does.
process.env.CDK_VALIDATION = 'false';

// Handlers create their Powertools logger once, when their module loads (as in Lambda), so the
// level must be set before any test file imports one: quiet by default. A test that reads the logs
// sets its own logger's level or this variable before it imports the handler.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
