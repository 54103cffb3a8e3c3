import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CdnConfig, DELIVERY_DEFAULTS } from '../../../lib/config/delivery';
import { Cdn } from '../../../lib/constructs/delivery/cdn';
import { restrictAlbToCloudFront } from '../../../lib/constructs/delivery/cloudfront-origin-lock';
import { cloudFrontPrefixListId } from '../../../lib/constructs/delivery/cloudfront-prefix-lists';
import { nagFindings, testApp, testStack, testVpc } from '../../support/fixtures';

const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012';
const config: CdnConfig = { ...DELIVERY_DEFAULTS.prod.cdn, domainNames: ['app.example.com'], certificateArn: CERT, staticPathPatterns: ['/static/*', '*.css'] };

/** The services side as the lead builds it: an ALB whose HTTPS listener is not open to the world. */
function servicesFixture(stack = testStack()) {
  const vpc = testVpc(stack);
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'test fixture VPC; the network stack owns flow logs' });
  const albSecurityGroup = new ec2.SecurityGroup(stack, 'AlbSg', { vpc, allowAllOutbound: false });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: albSecurityGroup });
  Validations.of(alb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'test fixture ALB; the services stack owns access logs' });
  const targets = new elbv2.ApplicationTargetGroup(stack, 'Api', { vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP });
  const listener = alb.addListener('Https', {
    port: 443,
    open: false,
    certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')],
    defaultAction: elbv2.ListenerAction.forward([targets]),
  });
  return { stack, albSecurityGroup, listener, targets };
}

const { stack, albSecurityGroup, listener, targets } = servicesFixture();
const cdn = new Cdn(stack, 'Cdn', { stage: 'prod', config, originDomainName: 'origin.app.example.com' });
restrictAlbToCloudFront(stack, 'CloudFrontOnly', { securityGroup: albSecurityGroup, listener, originSecret: cdn.originSecret, action: elbv2.ListenerAction.forward([targets]) });
const template = Template.fromStack(stack);
const secretRef = { Ref: Match.stringLikeRegexp('CdnOriginSecret') };
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
          Match.objectLike({ PathPattern, CachePolicyId: CACHING_OPTIMIZED, ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD', 'OPTIONS'], Compress: true }),
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
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ ExcludePunctuation: true, PasswordLength: 48 }) });
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/"HeaderValue":"[^{]/);
    expect(json).not.toMatch(/"Values":\["[A-Za-z0-9]{48}"\]/);
  });

  it('has no unacknowledged cdk-nag findings', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('restrictAlbToCloudFront', () => {
  it('admits 443 on the ALB security group only from the CloudFront origin-facing prefix list', () => {
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlbSg'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      SourcePrefixListId: 'pl-4fa04526',
    });
    // Nothing else opens the ALB: no inline ingress on its group at all.
    const albGroup = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: 'Test/AlbSg' } });
    expect(Object.values(albGroup)).toHaveLength(1);
    expect(Object.values(albGroup)[0].Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('forwards only requests carrying the secret header; all others get 403', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: [dynamicReference] } }],
      Actions: [Match.objectLike({ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('Api') } })],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain', MessageBody: 'Forbidden' } }],
    });
  });

  it('takes the prefix list from the table per region, an override first, and refuses an unknown region', () => {
    expect(cloudFrontPrefixListId('us-east-1')).toBe('pl-3b927c52');
    expect(cloudFrontPrefixListId('sa-east-1', 'pl-0123456789abcdef0')).toBe('pl-0123456789abcdef0');
    expect(() => cloudFrontPrefixListId('sa-east-1')).toThrow(/no known ID of com.amazonaws.global.cloudfront.origin-facing for sa-east-1; set cdn.originPrefixListId/);
  });
});

describe('Cdn without a custom domain', () => {
  it('uses the cloudfront.net name and acknowledges only then that its TLS policy is fixed', () => {
    const s = testStack(testApp(), 'NoDomain');
    new Cdn(s, 'Cdn', { stage: 'staging', config: { ...config, domainNames: undefined, certificateArn: undefined }, originDomainName: 'origin.example.com' });
    const t = Template.fromStack(s);
    const [distribution] = Object.values(t.findResources('AWS::CloudFront::Distribution'));
    expect(distribution.Properties.DistributionConfig.Aliases).toBeUndefined();
    expect(nagFindings(s)).toEqual([]);
  });

  it('refuses to be built for a stage whose CDN is off', () => {
    expect(() => new Cdn(testStack(testApp(), 'Off'), 'Cdn', { stage: 'dev', config: DELIVERY_DEFAULTS.dev.cdn, originDomainName: 'o.example.com' })).toThrow(/disabled/);
  });
});
