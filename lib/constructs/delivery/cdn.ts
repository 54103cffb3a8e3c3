import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CdnConfig, CdnPriceClass } from '../../config/delivery';
import { CloudFrontOriginLock } from './cloudfront-origin-lock';

const PRICE_CLASSES: Record<CdnPriceClass, cloudfront.PriceClass> = {
  PriceClass_100: cloudfront.PriceClass.PRICE_CLASS_100,
  PriceClass_200: cloudfront.PriceClass.PRICE_CLASS_200,
  PriceClass_All: cloudfront.PriceClass.PRICE_CLASS_ALL,
};

export interface CdnProps {
  readonly stage: string;
  readonly config: CdnConfig;
  /**
   * DNS name that resolves to the ALB and is covered by the ALB's certificate, e.g. `origin.app.example.com`.
   * CloudFront checks the origin's certificate against this name, so the ALB's own `*.elb.amazonaws.com` name cannot serve.
   */
  readonly originDomainName: string;
  /** The ALB's lock: the distribution sends its secret header, which the ALB requires. */
  readonly originLock: CloudFrontOriginLock;
  /** Bucket for CloudFront access logs (needs ACLs enabled). @default a bucket created here */
  readonly logBucket?: s3.IBucket;
  /** Days the created log bucket keeps access logs. @default 90 */
  readonly logRetentionDays?: number;
}

/**
 * CloudFront in front of the ALB: HTTPS only to the origin (TLS 1.2), static paths cached like
 * CachingOptimized, everything else passed through uncached with the viewer's headers, cookies and
 * query (except Host), HTTP redirected to HTTPS, and standard access logs. It sends the origin
 * lock's secret header, and the lock lets nothing else reach the ALB.
 */
export class Cdn extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly logBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const config = props.config;
    if (!config.enabled) throw new Error('Cdn: the CDN is disabled for this stage; do not create this construct');
    const domainNames = config.domainNames ?? [];
    if (domainNames.length > 0 && !config.certificateArn)
      throw new Error('Cdn: domain names need a us-east-1 certificate (cdn.certificateArn)');

    this.logBucket = props.logBucket ?? this.createLogBucket(props.logRetentionDays ?? 90);

    const origin = new origins.HttpOrigin(props.originDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // A dynamic reference: CloudFormation resolves it at deploy time, the template holds none.
      customHeaders: { [props.originLock.headerName]: props.originLock.headerValue },
    });
    const staticBehavior: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      compress: true,
    };
    const certificate = config.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn) : undefined;

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.stage} web app`,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
      additionalBehaviors: Object.fromEntries(config.staticPathPatterns.map((pattern) => [pattern, staticBehavior])),
      certificate,
      domainNames: domainNames.length > 0 ? [...domainNames] : undefined,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: PRICE_CLASSES[config.priceClass],
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: `cloudfront/${props.stage}/`,
    });

    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'The web app serves users worldwide; no country is to be blocked' },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Requests are filtered by the web ACL on the ALB behind it (managed rules, rate limit per X-Forwarded-For client), which admits only CloudFront with the secret origin header; a CloudFront web ACL would have to live in us-east-1, where the stage deploys nothing',
      },
    );
    if (!certificate) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without domain names the distribution uses the *.cloudfront.net certificate, whose TLS policy cannot be chosen; with a certificate TLSv1.2_2021 applies',
      });
    }
  }

  private createLogBucket(retentionDays: number): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL grant.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(retentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'This bucket holds CloudFront access logs; logging its own access would only log the log writes' },
      {
        id: 'NIST.800.53.R5-S3BucketLoggingEnabled',
        reason: 'This bucket holds CloudFront access logs; logging its own access would only log the log writes',
      },
      {
        id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason:
          'CloudFront standard logging writes through the AWS log-delivery account; SSE-S3 avoids granting that account use of a customer key',
      },
      {
        id: 'NIST.800.53.R5-S3BucketVersioningEnabled',
        reason:
          'CloudFront writes each log object once under a unique name and nothing overwrites it; objects leave only by the lifecycle expiry',
      },
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason:
          'Access logs expire after the configured retention; a cross-region copy would cost more than losing days of access logs in a regional outage',
      },
    );
    return bucket;
  }
}
