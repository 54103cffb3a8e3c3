/**
 * The tags every resource of a stage carries (lib/stage.ts applies them). Budgets, anomaly monitors
 * and IAM conditions select the stage's resources by `Stage`, and the handlers that tag what they
 * create (snapshots, restore-test copies) must use the same key: test/constructs/common/stage-tags.test.ts
 * holds their copies to it. No imports, so a handler may import it too.
 */
export const STAGE_TAG_KEY = 'Stage';
export const PROJECT_TAG_KEY = 'Project';
