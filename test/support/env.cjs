// CDK's built-in CloudFormation Validate plugin takes most of each synth's time and says the same
// in every suite; suites skip it, and stage-guards turns it back on for the real stages
// (synthStage's cloudFormationValidation option).
process.env.CDK_VALIDATION = 'false';
