/**
 * The tags every resource of a stage carries (lib/aspects/stage-tags.ts applies them). Budgets,
 * anomaly monitors and IAM conditions select the stage's resources by `Stage`, and the handlers
 * that tag or read what they create (snapshots, restore-test copies, cost groups) use the same
 * constant. Imports nothing, so constructs and config may import it as they import contracts.
 */
export const STAGE_TAG_KEY = 'Stage';
export const PROJECT_TAG_KEY = 'Project';
