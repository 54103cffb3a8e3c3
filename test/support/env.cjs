// CDK's built-in CloudFormation Validate plugin takes most of a synth's time and says the same in
// every suite: suites skip it, except the one validated synth of each plain stage (stageGuards in
// test/support/stage-synth.ts), which runs it as `cdk synth` does.
process.env.CDK_VALIDATION = 'false';
