import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { IngressConfig } from '../../config/types';

export interface PublicLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  readonly ingress: IngressConfig;
  /** Days to keep ALB access logs. */
  readonly accessLogRetentionDays: number;
  /** Refuse deletion of the load balancer (prod). */
  readonly deletionProtection: boolean;
  /** Open the listener to the whole internet; false when only CloudFront may reach it. */
  readonly openToInternet: boolean;
}

/**
 * The stage's internet-facing ALB. With a certificate it serves HTTPS (TLS 1.2+, 1.3 preferred)
 * and redirects HTTP to HTTPS; without one (dev) it serves plain HTTP. Access logs go to an
 * encrypted bucket that refuses non-TLS requests.
 */
export class PublicLoadBalancer extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener that forwards to the API: HTTPS when a certificate is configured, else HTTP. */
  readonly listener: elbv2.ApplicationListener;
  readonly accessLogs: s3.Bucket;
  /** `https` or `http`, for building the stage's public URL. */
  readonly protocol: 'https' | 'http';

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is itself the destination of the ALB access logs; logging its own accesses would need another bucket for no audit gain.',
    });
    Validations.of(this.accessLogs).acknowledge(
      {
        id: 'NIST.800.53.R5-S3BucketLoggingEnabled',
        reason:
          'This bucket is itself the destination of the ALB access logs; logging its own accesses would need another bucket for no audit gain.',
      },
      {
        id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason: 'ALB access log delivery supports only SSE-S3 (Amazon S3-managed keys) on its destination bucket.',
      },
      {
        id: 'NIST.800.53.R5-S3BucketVersioningEnabled',
        reason:
          'The ALB writes each log object once under a unique name and nothing overwrites it; objects leave only by the lifecycle expiry.',
      },
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason:
          "Access logs expire after the stage's log retention; a cross-region copy would cost more than losing days of access logs in a regional outage.",
      },
    );

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      idleTimeout: Duration.seconds(props.ingress.idleTimeoutSeconds),
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection,
    });
    if (!props.deletionProtection) {
      Validations.of(this.loadBalancer).acknowledge({
        id: 'NIST.800.53.R5-ELBDeletionProtectionEnabled',
        reason: 'This stage turns deletion protection off in its config so it can be torn down; the ALB holds no data.',
      });
    }
    this.loadBalancer.logAccessLogs(this.accessLogs, 'alb');
    if (props.openToInternet)
      Validations.of(this.loadBalancer).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'A public load balancer must accept HTTP(S) from anywhere; only ports 80 and 443 are open and tasks accept traffic only from this ALB.',
      });

    if (props.ingress.certificateArn) {
      this.protocol = 'https';
      this.listener = this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', props.ingress.certificateArn)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        open: props.openToInternet,
      });
      // Behind CloudFront nothing but CloudFront talks to the ALB, and only over HTTPS.
      if (props.openToInternet) {
        const redirect = this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
        Validations.of(redirect).acknowledge({
          id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
          reason:
            'This HTTP listener only answers with a redirect to the HTTPS listener, which uses the ACM certificate; it serves no content.',
        });
      }
    } else {
      this.protocol = 'http';
      this.listener = this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: props.openToInternet,
      });
      Validations.of(this.listener).acknowledge(
        {
          id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection',
          reason:
            'This stage configures no certificate (ingress.certificateArn), so there is no HTTPS listener to redirect to; stages with one redirect HTTP to HTTPS.',
        },
        {
          id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
          reason:
            'This stage configures no certificate (ingress.certificateArn) and serves plain HTTP; stages with one serve HTTPS with it.',
        },
      );
    }
  }

  /** The URL users (and the synthetic check) reach the stage at. */
  get url(): string {
    return `${this.protocol}://${this.loadBalancer.loadBalancerDnsName}`;
  }
}
