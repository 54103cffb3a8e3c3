import { accessLines, objectConsoleUrl, parseRoleArn, prefixConsoleUrl, switchRoleUrl } from '../../../lambda/cost-report/links';

// The summary's links, as the reader's browser receives them: the console page of the report,
// the Switch Role page for the reader role, and a listing of every cost report of the stage.

const READER = 'arn:aws:iam::111111111111:role/webapp-prod-cost-report-reader';
const KEY = 'reports/prod/cost/monthly/2026-12-03.html';

describe('console links', () => {
  it('opens the object page of the report in the bucket region, the key as the prefix parameter', () => {
    const url = new URL(objectConsoleUrl('eu-west-1', 'data-backups-1a2b', KEY)!);
    expect(url.origin).toBe('https://eu-west-1.console.aws.amazon.com');
    expect(url.pathname).toBe('/s3/object/data-backups-1a2b');
    expect(Object.fromEntries(url.searchParams)).toEqual({ region: 'eu-west-1', bucketType: 'general', prefix: KEY });
  });

  it('lists the reader prefix, the only one the reader may list', () => {
    const url = new URL(prefixConsoleUrl('eu-west-1', 'data-backups-1a2b', 'reports/prod/cost/')!);
    expect(url.pathname).toBe('/s3/buckets/data-backups-1a2b');
    expect(url.searchParams.get('prefix')).toBe('reports/prod/cost/');
    expect(url.searchParams.get('showversions')).toBe('false');
  });

  it('fills the Switch Role page with the account and the role name, path included', () => {
    const url = new URL(switchRoleUrl(READER, 'webapp-prod-cost-report-reader')!);
    expect(`${url.origin}${url.pathname}`).toBe('https://signin.aws.amazon.com/switchrole');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      roleName: 'webapp-prod-cost-report-reader',
      account: '111111111111',
      displayName: 'webapp-prod-cost-report-reader',
    });
    expect(parseRoleArn('arn:aws:iam::111111111111:role/finance/reader')).toEqual({
      partition: 'aws',
      account: '111111111111',
      roleName: 'finance/reader',
    });
  });

  it.each([
    ['aws-cn', 'cn-north-1', 'https://console.amazonaws.cn', 'https://signin.amazonaws.cn'],
    ['aws-us-gov', 'us-gov-west-1', 'https://console.amazonaws-us-gov.com', 'https://signin.amazonaws-us-gov.com'],
  ])('uses the %s console and sign-in hosts', (partition, region, consoleOrigin, signin) => {
    expect(new URL(objectConsoleUrl(region, 'b', KEY, partition)!).origin).toBe(consoleOrigin);
    expect(new URL(switchRoleUrl(`arn:${partition}:iam::111111111111:role/r`, 'r')!).origin).toBe(signin);
  });

  it('has no console link in a partition without a public console; the summary then names the object and the CLI', () => {
    expect(objectConsoleUrl('us-iso-east-1', 'b', KEY, 'aws-iso')).toBeUndefined();
    const lines = accessLines({
      region: 'us-iso-east-1',
      bucket: 'b',
      key: KEY,
      prefix: 'reports/prod/cost/',
      readerRoleArn: 'arn:aws-iso:iam::111111111111:role/r',
      retentionDays: 0,
    });
    expect(lines[0]).toBe(`Full report: s3://b/${KEY}`);
    expect(lines.join('\n')).not.toContain('https://');
    expect(lines).toContain(
      'The links do not expire; they open only for the role arn:aws-iso:iam::111111111111:role/r, and the report is kept as the bucket keeps reports.',
    );
  });

  it('refuses a reader that is not a role ARN', () => {
    expect(() => parseRoleArn('arn:aws:iam::111111111111:user/alice')).toThrow(/role\/name/);
  });
});

describe('what the summary says', () => {
  const lines = accessLines({
    region: 'eu-west-1',
    bucket: 'data-backups-1a2b',
    key: KEY,
    prefix: 'reports/prod/cost/',
    readerRoleArn: READER,
    retentionDays: 35,
  });

  it('links the report, then how to open it, how long it stays, every report, and the CLI, in that order', () => {
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^Full report: https:\/\/eu-west-1\.console\.aws\.amazon\.com\/s3\/object\/data-backups-1a2b\?/);
    expect(lines[1]).toMatch(/^Open it as the cost report reader: switch role first \(https:\/\/signin\.aws\.amazon\.com\/switchrole\?/);
    expect(lines[2]).toBe(`The links do not expire; they open only for the role ${READER}, and the report is kept 35 days.`);
    expect(lines[3]).toMatch(/^Every cost report of this stage: https:\/\/.*prefix=reports%2Fprod%2Fcost%2F/);
    expect(lines[4]).toBe(`With the AWS CLI (a profile with role_arn = ${READER}): aws s3 cp s3://data-backups-1a2b/${KEY} .`);
  });

  it('puts no signature or credential in any link: nothing in the mail opens the report without the role', () => {
    expect(lines.join('\n')).not.toMatch(/X-Amz-(Signature|Credential|Security-Token)/i);
  });
});
