/** An ACM certificate ARN: `arn:<partition>:acm:<region>:<account>:certificate/<uuid>`. */
export const ACM_CERTIFICATE_ARN = /^arn:(aws[a-z-]*):acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f-]{36}$/;

export interface AcmArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The parts of a well-formed ACM certificate ARN; undefined for anything else (the slices report malformed ARNs). */
export function parseAcmArn(value: unknown): AcmArnParts | undefined {
  const m = typeof value === 'string' ? ACM_CERTIFICATE_ARN.exec(value) : null;
  return m ? { partition: m[1], region: m[2], account: m[3] } : undefined;
}
