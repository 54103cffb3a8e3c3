import { Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CdnConfig, DELIVERY_DEFAULTS } from '../../../lib/config/delivery';
import { Cdn } from '../../../lib/constructs/delivery/cdn';
import { CloudFrontOriginLock } from '../../../lib/constructs/delivery/cloudfront-origin-lock';
import { nagFindings, testApp, testStack, testVpc } from '../../support/fixtures';

const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012';
const config: CdnConfig = {
  ...DELIVERY_DEFAULTS.prod.cdn,
  domainNames: ['app.example.com'],
  certificateArn: CERT,
  staticPathPatterns: ['/static/*', '*.css'],
};

/** The services side as the services stack builds it: an ALB whose HTTPS listener is not open to the world, locked to CloudFront. */
function servicesFixture(stack = testStack()) {
  const vpc = testVpc(stack);
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'test fixture VPC; the network stack owns flow logs' });
  const albSecurityGroup = new ec2.SecurityGroup(stack, 'AlbSg', { vpc, allowAllOutbound: false });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: albSecurityGroup });
  Validations.of(alb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'test fixture ALB; the services stack owns access logs' });
  const targets = new elbv2.ApplicationTargetGroup(stack, 'Api', {
    vpc,
    port: 8080,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
  });
  const listener = alb.addListener('Https', {
    port: 443,
    open: false,
    certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')],
  });
  const lock = new CloudFrontOriginLock(stack, 'OriginLock', { securityGroup: albSecurityGroup, listener });
  listener.addAction('Api', { priority: 10, conditions: [lock.condition], action: elbv2.ListenerAction.forward([targets]) });
  return { stack, albSecurityGroup, listener, targets, lock };
}

const { stack, lock } = servicesFixture();
const cdn = new Cdn(stack, 'Cdn', { stage: 'prod', config, originDomainName: 'origin.app.example.com', originLock: lock });
const template = Template.fromStack(stack);
const secretRef = { Ref: Match.stringLikeRegexp('^OriginLock') };
const dynamicReference = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', secretRef, ':SecretString:::}}']] };

describe('Cdn', () => {
  it('reaches the ALB over HTTPS only, TLS 1.2, by a name its certificate covers, sending the secret header as a dynamic reference', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          {
            Id: Match.anyValue(),
            DomainName: 'origin.app.example.com',
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] }),
            OriginCustomHeaders: [{ HeaderName: 'X-Origin-Verify', HeaderValue: dynamicReference }],
          },
        ],
      }),
    });
  });

  it('passes everything but static paths through uncached with all viewer headers except Host, redirecting HTTP to HTTPS', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          CachePolicyId: CACHING_DISABLED,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        }),
      }),
    });
  });

  it('caches each static path pattern with CachingOptimized', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: ['/static/*', '*.css'].map((PathPattern) =>
          Match.objectLike({
            PathPattern,
            CachePolicyId: CACHING_OPTIMIZED,
            ViewerProtocolPolicy: 'redirect-to-https',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
            Compress: true,
          }),
        ),
      }),
    });
  });

  it('serves the stage domain with the us-east-1 certificate, TLS 1.2 to viewers, and writes access logs', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['app.example.com'],
        ViewerCertificate: { AcmCertificateArn: CERT, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        PriceClass: 'PriceClass_100',
        Logging: { Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('CdnAccessLogs'), 'RegionalDomainName'] }, Prefix: 'cloudfront/prod/' },
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
    });
  });

  it('never puts the origin secret in the template in plain text', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ ExcludePunctuation: true, PasswordLength: 48 }),
    });
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/"HeaderValue":"[^{]/);
    expect(json).not.toMatch(/"Values":\["[A-Za-z0-9]{48}"\]/);
  });

  it('has no unacknowledged cdk-nag findings', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('Cdn behind the origin lock', () => {
  it('sends the header of the lock it is given and builds no secret of its own', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    expect(cdn.node.findAll().some((c) => c.node.id === 'OriginSecret')).toBe(false);
  });

  it('leaves the listener with one default action: no "default Action already existed" warning', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('default Action already existed'));
  });
});

describe('Cdn without a custom domain', () => {
  it('uses the cloudfront.net name and acknowledges only then that its TLS policy is fixed', () => {
    const { stack: s, lock: l } = servicesFixture(testStack(testApp(), 'NoDomain'));
    new Cdn(s, 'Cdn', {
      stage: 'staging',
      config: { ...config, domainNames: undefined, certificateArn: undefined },
      originDomainName: 'origin.example.com',
      originLock: l,
    });
    const t = Template.fromStack(s);
    const [distribution] = Object.values(t.findResources('AWS::CloudFront::Distribution'));
    expect(distribution.Properties.DistributionConfig.Aliases).toBeUndefined();
    expect(nagFindings(s)).toEqual([]);
  });

  it('refuses to be built for a stage whose CDN is off', () => {
    const { stack: s, lock: l } = servicesFixture(testStack(testApp(), 'Off'));
    expect(
      () => new Cdn(s, 'Cdn', { stage: 'dev', config: DELIVERY_DEFAULTS.dev.cdn, originDomainName: 'o.example.com', originLock: l }),
    ).toThrow(/disabled/);
  });
});
