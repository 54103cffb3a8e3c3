/**
 * What the IAM contract test needs to read the recorded calls in a stage's terms.
 *
 * Most handler tests configure the handler through the environment, and the recorder writes
 * those values as `${NAME}`, which the contract test fills from the function's template. Some
 * tests pass literal fixtures to the handler's core instead; FIXTURE_ALIASES maps each such
 * literal to the environment variable (or the stage value) it stands for.
 */

/** Functions whose code calls no AWS API (they probe HTTP or the database): checked to import no SDK client. */
export const NO_AWS_CALLS: Readonly<Record<string, string>> = {
  'drill-measure': 'measures the ALB and the database during a drill over HTTP and SQL',
  'health-probe': 'probes the public health URL over HTTP',
};

/** Test literal → `${ENV_NAME}` (from the function's template), `${AWS_REGION}`, `${DR_REGION_OF_STAGE}` or `${ACCOUNT}`. */
export const FIXTURE_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

const LITERALS = 'its tests pass literal fixtures (bucket, instance, snapshot names of another stage) to the core, not the environment; FIXTURE_ALIASES does not map them yet';
const TAGS = 'its role is scoped by aws:ResourceTag/aws:RequestTag conditions and the contract supplies no tag context for the request yet';

/**
 * Functions the contract cannot yet put in a stage's terms, each with why. The contract test
 * checks each still has a finding (remove the entry once it has none), so this list only shrinks.
 */
export const NOT_YET_IN_STAGE_TERMS: Readonly<Record<string, string>> = {
  'backup-monitor': LITERALS,
  'backup-retention': LITERALS,
  'cache-snapshot': LITERALS,
  'db-snapshot': LITERALS,
  'drill-db-probe': LITERALS,
  'drill-report': LITERALS,
  'restore-test-cache-cleanup': TAGS,
  'restore-test-cache-start': TAGS,
  'restore-test-db-cleanup': TAGS,
  'restore-test-db-credentials': TAGS,
  'restore-test-db-start': TAGS,
  'restore-test-report': 'the restore-test workflow test sets BACKUP_BUCKET, which the report function\'s environment names REPORT_BUCKET',
  'restore-test-sweeper': TAGS,
};
