import { CACHE_COPY_INFIX, DATABASE_COPY_INFIX } from '../../../lambda/restore-test/common/contract';
import { ConfigIssue } from '../config-issue';
import { at, prop } from '../read';

/**
 * Physical names the platform derives from config (project, stage, dashboard suffix), each with
 * its service's length limit and the field that would have to change. Names CloudFormation
 * generates (functions, roles, queues, load balancers) are cut to fit by CloudFormation and are
 * not listed. Stage names are fixed, but their longest ("staging") is checked all the same.
 */
interface DerivedName {
  readonly what: string;
  readonly limit: number;
  /** Field (under the stage) whose value makes the name long. */
  readonly field: string;
  readonly name: (config: unknown) => string | undefined;
  readonly source: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const stageOf = (c: unknown) => text(prop(c, 'stage'));
const projectOf = (c: unknown) => text(prop(c, 'project'));
const join = (...parts: (string | undefined)[]): string | undefined => (parts.every((p) => p !== undefined) ? parts.join('') : undefined);

export const DERIVED_NAMES: readonly DerivedName[] = [
  {
    what: 'KMS alias of the DR key (alias/<project>-<stage>-backup-dr)',
    limit: 256,
    field: 'project',
    name: (c) => join('alias/', projectOf(c), '-', stageOf(c), '-backup-dr'),
    source: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html',
  },
  {
    what: 'Project tag value',
    limit: 256,
    field: 'project',
    name: projectOf,
    source: 'https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html',
  },
  {
    what: 'CloudWatch dashboard name (<stage>-<nameSuffix>)',
    limit: 255,
    field: 'monitoring.dashboard.nameSuffix',
    name: (c) => join(stageOf(c), '-', text(at(c, 'monitoring.dashboard.nameSuffix'))),
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html',
  },
  {
    what: 'CloudFormation stack name (<stage>-dr-restore-test, the longest part)',
    limit: 128,
    field: 'stage',
    name: (c) => join(stageOf(c), '-dr-restore-test'),
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
  },
  {
    what: 'RDS instance identifier of a restore-test copy (<stage>-restore-test-<yyyymmddHHMM>)',
    limit: 63,
    field: 'stage',
    name: (c) => join(stageOf(c), DATABASE_COPY_INFIX, '202601011200'),
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html',
  },
  {
    what: 'ElastiCache replication group id of a restore-test copy (<stage>-rt-<MMddHHmm>)',
    limit: 40,
    field: 'stage',
    name: (c) => join(stageOf(c), CACHE_COPY_INFIX, '01011200'),
    source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-manual.html',
  },
];

/** One issue per derived name over its limit, on the field that makes it long. */
export function derivedNameIssues(config: unknown, stage: string): ConfigIssue[] {
  return DERIVED_NAMES.flatMap((entry) => {
    const name = entry.name(config);
    if (name === undefined || name.length <= entry.limit) return [];
    const value = at(config, entry.field);
    return [
      {
        path: `${stage}.${entry.field}`,
        value,
        expected: `a shorter value: the ${entry.what} would be ${name.length} characters, over AWS's limit of ${entry.limit}`,
      },
    ];
  });
}
