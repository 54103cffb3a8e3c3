import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { regionalServiceName } from '../common/aws-partition';
import { acknowledgeWildcards, wildcardResources } from '../common/nag';

export interface CostReportReaderProps {
  readonly project: string;
  readonly stage: string;
  /** Bucket holding the reports; its key (if any) is usable by the reader through S3 only. */
  readonly bucket: s3.IBucket;
  /** Key prefix of the reports, ending in `/`: `reports/<stage>/cost/`. */
  readonly prefix: string;
  /** Principals allowed to assume the role: IAM role or account root ARNs. @default this account */
  readonly readers?: readonly string[];
}

/** `<project>-<stage>-cost-report-reader`: a fixed name, so the summary's switch-role link can name it. */
export function costReportReaderRoleName(project: string, stage: string): string {
  return `${project}-${stage}-cost-report-reader`;
}

/**
 * The role a cost reader assumes to open the stage's cost reports: s3:GetObject on the reports
 * prefix, s3:ListBucket on that prefix only (so a report that is not there yet is a 404, not a
 * 403), and kms:Decrypt on the bucket's key only through S3 in this region. Nothing else in the
 * bucket (dumps, manifests, configuration backups) and no other use of the key.
 */
export class CostReportReader extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: CostReportReaderProps) {
    super(scope, id);
    const readers = props.readers ?? [];
    const principals = readers.length > 0 ? readers.map((arn) => new iam.ArnPrincipal(arn)) : [new iam.AccountRootPrincipal()];
    this.role = new iam.Role(this, 'Role', {
      roleName: costReportReaderRoleName(props.project, props.stage),
      description: `Reads the ${props.stage} cost reports (${props.prefix}) and nothing else`,
      assumedBy: new iam.CompositePrincipal(...principals),
    });

    const reports = props.bucket.arnForObjects(`${props.prefix}*`);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadCostReports', actions: ['s3:GetObject'], resources: [reports] }));
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListCostReports',
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${props.prefix}*`] } },
      }),
    );
    if (props.bucket.encryptionKey) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'DecryptCostReportsThroughS3',
          actions: ['kms:Decrypt'],
          resources: [props.bucket.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': regionalServiceName('s3', Stack.of(this).region) } },
        }),
      );
    }
    acknowledgeWildcards(this.role, [
      {
        finding: wildcardResources(reports),
        reason: `Report keys contain the period and the run date, so reading is limited to the ${props.prefix} prefix of the reports bucket.`,
      },
    ]);
  }
}
