/**
 * How a cost reader opens a report from the summary: console links that work for whoever has
 * switched into the stage's reader role. They never expire; the report lives as long as the
 * bucket's lifecycle keeps it. No presigned URL: one signed with the function's role stops working
 * when the function's session ends (S3 user guide, "Presigned URL expiration"), which the Lambda
 * environment does not tell the function, and it would open the report to anyone the mail reaches.
 */

export interface ReportAccess {
  /** Region of the reports bucket (the function's). */
  readonly region: string;
  readonly bucket: string;
  /** The HTML report's key. */
  readonly key: string;
  /** The reader role's prefix of all this stage's cost reports, ending in `/`. */
  readonly prefix: string;
  /** ARN of `<project>-<stage>-cost-report-reader`. */
  readonly readerRoleArn: string;
  /** Days the bucket keeps a report; 0 when unknown. */
  readonly retentionDays: number;
}

interface ConsoleHosts {
  /** Origin of the console for a region, e.g. `https://eu-west-1.console.aws.amazon.com`. */
  readonly console: (region: string) => string;
  readonly signin: string;
}

/** Partitions with a public console; the isolated ones have none reachable from an email. */
const CONSOLES: Readonly<Record<string, ConsoleHosts>> = {
  aws: { console: (region) => `https://${region}.console.aws.amazon.com`, signin: 'https://signin.aws.amazon.com' },
  'aws-cn': { console: () => 'https://console.amazonaws.cn', signin: 'https://signin.amazonaws.cn' },
  'aws-us-gov': { console: () => 'https://console.amazonaws-us-gov.com', signin: 'https://signin.amazonaws-us-gov.com' },
};

export interface RoleArnParts {
  readonly partition: string;
  readonly account: string;
  /** The role's name with its path, if any (`finance/reader`). */
  readonly roleName: string;
}

export function parseRoleArn(arn: string): RoleArnParts {
  const match = /^arn:([a-z-]+):iam::(\d{12}):role\/(.+)$/.exec(arn);
  if (!match) throw new Error(`Reader role ARN must look like arn:aws:iam::123456789012:role/name; got ${JSON.stringify(arn)}`);
  return { partition: match[1], account: match[2], roleName: match[3] };
}

/** The S3 console page of one object: Open and Download act as the signed-in (switched-to) role. */
export function objectConsoleUrl(region: string, bucket: string, key: string, partition = 'aws'): string | undefined {
  const hosts = CONSOLES[partition];
  if (!hosts) return undefined;
  const query = new URLSearchParams({ region, bucketType: 'general', prefix: key });
  return `${hosts.console(region)}/s3/object/${encodeURIComponent(bucket)}?${query}`;
}

/** The S3 console listing of a prefix (the reader may list this prefix only). */
export function prefixConsoleUrl(region: string, bucket: string, prefix: string, partition = 'aws'): string | undefined {
  const hosts = CONSOLES[partition];
  if (!hosts) return undefined;
  const query = new URLSearchParams({ region, bucketType: 'general', prefix, showversions: 'false' });
  return `${hosts.console(region)}/s3/buckets/${encodeURIComponent(bucket)}?${query}`;
}

/** The console's Switch Role page, filled in with the reader role's account and name. */
export function switchRoleUrl(roleArn: string, displayName: string): string | undefined {
  const { partition, account, roleName } = parseRoleArn(roleArn);
  const hosts = CONSOLES[partition];
  if (!hosts) return undefined;
  // The display name shows in the console's navigation bar; it is limited to 64 characters.
  const query = new URLSearchParams({ roleName, account, displayName: displayName.slice(0, 64) });
  return `${hosts.signin}/switchrole?${query}`;
}

/** The lines of the summary that say where the report is, how to open it, and for how long. */
export function accessLines(access: ReportAccess): string[] {
  const { partition, roleName } = parseRoleArn(access.readerRoleArn);
  const object = objectConsoleUrl(access.region, access.bucket, access.key, partition);
  const folder = prefixConsoleUrl(access.region, access.bucket, access.prefix, partition);
  const switchRole = switchRoleUrl(access.readerRoleArn, roleName);
  const kept =
    access.retentionDays > 0 ? `the report is kept ${access.retentionDays} days` : 'the report is kept as the bucket keeps reports';
  const lines = [`Full report: ${object ?? `s3://${access.bucket}/${access.key}`}`];
  if (switchRole) lines.push(`Open it as the cost report reader: switch role first (${switchRole}), then follow the link.`);
  lines.push(`The links do not expire; they open only for the role ${access.readerRoleArn}, and ${kept}.`);
  if (folder) lines.push(`Every cost report of this stage: ${folder}`);
  lines.push(`With the AWS CLI (a profile with role_arn = ${access.readerRoleArn}): aws s3 cp s3://${access.bucket}/${access.key} .`);
  return lines;
}
