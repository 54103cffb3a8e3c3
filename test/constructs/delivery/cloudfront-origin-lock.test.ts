import { CfnResource, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CloudFrontOriginLock } from '../../../lib/constructs/delivery/cloudfront-origin-lock';
import { cloudFrontPrefixListId } from '../../../lib/constructs/delivery/private/cloudfront-prefix-lists';
import { nagFindings, testApp, testStack, testVpc } from '../../support/fixtures';

/** An ALB with a closed HTTPS listener, a lock on it, and the API rule that forwards on the lock's condition. */
function lockedAlb(id = 'Test', prefixListId?: string) {
  const stack = testStack(testApp(), id);
  const vpc = testVpc(stack);
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'test fixture VPC; the network stack owns flow logs' });
  const securityGroup = new ec2.SecurityGroup(stack, 'AlbSg', { vpc, allowAllOutbound: false });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup });
  Validations.of(alb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'test fixture ALB; the services stack owns access logs' });
  const listener = alb.addListener('Https', {
    port: 443,
    open: false,
    certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')],
  });
  const lock = new CloudFrontOriginLock(stack, 'OriginVerify', { securityGroup, listener, prefixListId });
  const targets = new elbv2.ApplicationTargetGroup(stack, 'Api', {
    vpc,
    port: 8080,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
  });
  listener.addAction('Api', { priority: 1, conditions: [lock.condition], action: elbv2.ListenerAction.forward([targets]) });
  return { stack, lock, template: Template.fromStack(stack) };
}

const { stack, lock, template } = lockedAlb();
const secretRef = { Ref: stack.getLogicalId(lock.secret.node.defaultChild as CfnResource) };
const dynamicReference = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', secretRef, ':SecretString:::}}']] };

describe('CloudFrontOriginLock', () => {
  it('owns one secret of 48 letters and digits (the ALB reads * and ? as wildcards), never in the template in plain text', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/"Values":\["[A-Za-z0-9]{48}"\]/);
  });

  it("keeps the logical id of a secret built with the lock's id: the secret is the lock's default child", () => {
    const bare = testStack(testApp(), 'Bare');
    const inline = new secretsmanager.Secret(bare, 'OriginVerify');
    expect(stack.getLogicalId(lock.secret.node.defaultChild as CfnResource)).toBe(
      bare.getLogicalId(inline.node.defaultChild as CfnResource),
    );
  });

  it('admits 443 on the ALB security group from the CloudFront origin-facing prefix list only', () => {
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlbSg'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      SourcePrefixListId: 'pl-4fa04526',
      CidrIp: Match.absent(),
      CidrIpv6: Match.absent(),
    });
    const [albGroup] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: 'Test/AlbSg' } }));
    expect(albGroup.Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('gives the condition on the secret header, as a dynamic reference, to the rules that forward', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 1,
      Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: [dynamicReference] } }],
      Actions: [Match.objectLike({ Type: 'forward' })],
    });
  });

  it('answers every request without the header with 403, as the listener default, set once', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [
        { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain', MessageBody: 'Forbidden' } },
      ],
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('default Action already existed'));
  });

  it('takes an explicit prefix list over the region table', () => {
    lockedAlb('Override', 'pl-0123456789abcdef0').template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourcePrefixListId: 'pl-0123456789abcdef0',
    });
  });

  it('takes the prefix list from the table per region, an override first, and refuses an unknown region', () => {
    expect(cloudFrontPrefixListId('us-east-1')).toBe('pl-3b927c52');
    expect(cloudFrontPrefixListId('sa-east-1', 'pl-0123456789abcdef0')).toBe('pl-0123456789abcdef0');
    expect(() => cloudFrontPrefixListId('sa-east-1')).toThrow(
      /no known ID of com.amazonaws.global.cloudfront.origin-facing for sa-east-1; set cdn.originPrefixListId/,
    );
  });

  it('has no unacknowledged cdk-nag findings', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});
