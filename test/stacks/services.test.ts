import { Match } from 'aws-cdk-lib/assertions';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { synthStage } from '../support/stage-synth';

// A certificate of staging's own account and region (an ALB uses no other).
const CERT = `arn:aws:acm:eu-west-1:${STAGES.staging.env.account}:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;

function containerOf(stage: StageName, name: 'api' | 'worker') {
  const taskDefs = Object.values(synthStage(stage).templates.services.findResources('AWS::ECS::TaskDefinition'));
  const taskDef = taskDefs.find((t) => t.Properties.ContainerDefinitions[0].Name === name)!;
  return { taskDef: taskDef.Properties, container: taskDef.Properties.ContainerDefinitions[0] };
}

describe.each(STAGE_NAMES)('%s services', (stage: StageName) => {
  const config = STAGES[stage];
  const services = () => synthStage(stage).templates.services;

  test('cluster has Container Insights on', () => {
    services().hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
  });

  test('API task: configured ARM64 size, logs with stage retention, read-only root', () => {
    const { taskDef, container } = containerOf(stage, 'api');
    expect(taskDef).toMatchObject({
      Cpu: String(config.api.cpu),
      Memory: String(config.api.memoryMiB),
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      RequiresCompatibilities: ['FARGATE'],
    });
    expect(container.ReadonlyRootFilesystem).toBe(true);
    expect(container.LogConfiguration.LogDriver).toBe('awslogs');
    services().hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: config.logRetentionDays });
  });

  test('credentials reach the containers only as Secrets Manager secrets; endpoints as env', () => {
    for (const name of ['api', 'worker'] as const) {
      const { container } = containerOf(stage, name);
      const secretNames = container.Secrets.map((s: { Name: string }) => s.Name).sort();
      expect(secretNames).toEqual(['DB_PASSWORD', 'DB_USERNAME', 'REDIS_AUTH_TOKEN']);
      for (const secret of container.Secrets) expect(JSON.stringify(secret.ValueFrom)).toMatch(/Secret|AuthToken/);
      const envNames = container.Environment.map((e: { Name: string }) => e.Name);
      expect(envNames).toEqual(
        expect.arrayContaining(['DB_HOST', 'DB_READER_HOSTS', 'DB_PORT', 'DB_NAME', 'REDIS_HOST', 'REDIS_PORT', 'QUEUE_URL']),
      );
      expect(envNames.filter((n: string) => /PASSWORD|TOKEN|SECRET/.test(n))).toEqual([]);
    }
  });

  test('API service: private subnets, circuit breaker with rollback, configured counts and health grace', () => {
    const api = Object.values(services().findResources('AWS::ECS::Service')).find((s) => s.Properties.LoadBalancers?.length)!.Properties;
    expect(api).toMatchObject({
      DesiredCount: config.api.desiredCount,
      HealthCheckGracePeriodSeconds: config.api.healthCheckGraceSeconds,
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: config.api.minHealthyPercent,
        MaximumPercent: 200,
      },
    });
    expect(JSON.stringify(api.NetworkConfiguration.AwsvpcConfiguration.Subnets)).toMatch(/privateSubnet/);
  });

  test('API scales on CPU 70%, memory 80%, requests per target, and steps out on p95 latency > 2 s', () => {
    const t = services();
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: config.api.minCount,
      MaxCapacity: config.api.maxCount,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 70,
      },
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
        TargetValue: 80,
      },
    });
    const requestPolicies = Object.values(
      t.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', {
        Properties: {
          TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget' } },
        },
      }),
    );
    // Only rolling deployments keep one live target group for a per-target request policy to watch.
    expect(requestPolicies.map((p) => p.Properties.TargetTrackingScalingPolicyConfiguration.TargetValue)).toEqual(
      config.api.deployment.strategy === 'rolling' ? [config.api.scaling.requestsPerTarget] : [],
    );
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'TargetResponseTime',
      ExtendedStatistic: 'p95',
      Threshold: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'LoadBalancer', Value: Match.anyValue() }],
    });
  });

  test('worker scales out hard above 1000 pending messages and in to its minimum when the queue is empty', () => {
    const t = services();
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: config.worker.minCount,
      MaxCapacity: config.worker.maxCount,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1000,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'visible + inflight' })]),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0,
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'visible + inflight' })]),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      StepScalingPolicyConfiguration: { StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -config.worker.maxCount }] },
    });
  });

  test('the ARM64 worker runs on demand: Fargate Spot places no ARM64 task', () => {
    const worker = Object.values(services().findResources('AWS::ECS::Service')).find(
      (s) => !s.Properties.LoadBalancers?.length,
    )!.Properties;
    expect(containerOf(stage, 'worker').taskDef.RuntimePlatform.CpuArchitecture).toBe('ARM64');
    expect(worker.CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  });

  test('no ARM64 task definition is ever placed on FARGATE_SPOT', () => {
    const t = services();
    const taskDefs = t.findResources('AWS::ECS::TaskDefinition');
    const onSpot = Object.values(t.findResources('AWS::ECS::Service'))
      .filter((s) =>
        (s.Properties.CapacityProviderStrategy ?? []).some((p: { CapacityProvider: string }) => p.CapacityProvider === 'FARGATE_SPOT'),
      )
      .map((s) => taskDefs[s.Properties.TaskDefinition.Ref].Properties.RuntimePlatform.CpuArchitecture);
    expect(onSpot.filter((arch) => arch !== 'X86_64')).toEqual([]);
  });

  /** The work queue's key: the one KMS key of the services stack. */
  const workKey = () => {
    const keys = Object.entries(services().findResources('AWS::KMS::Key'));
    expect(keys.map(([id]) => id)).toEqual([expect.stringMatching(/^WorkKey/)]);
    return { id: keys[0][0], key: keys[0][1], arn: { 'Fn::GetAtt': [keys[0][0], 'Arn'] } };
  };

  /** The statements of the task role of the `api` or `worker` task definition. */
  const taskRoleStatements = (name: 'api' | 'worker') => {
    const role = containerOf(stage, name).taskDef.TaskRoleArn['Fn::GetAtt'][0];
    const policies = Object.values(services().findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }));
    return policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  };
  const kmsStatements = (name: 'api' | 'worker') =>
    taskRoleStatements(name).filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));

  test('work queue has a dead-letter queue after the configured receives, encrypted and TLS-only', () => {
    const t = services();
    t.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: config.queue.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
      KmsMasterKeyId: workKey().arn,
      MessageRetentionPeriod: config.queue.retentionDays * 86400,
    });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test("the work queue and its dead-letter queue are encrypted with the queue's own rotating customer-managed key, which is kept", () => {
    // The work queue and its dead-letter queue (functions' own dead-letter queues have other ids).
    const queues = Object.entries(services().findResources('AWS::SQS::Queue'))
      .filter(([id]) => /^Work(Queue|DeadLetters)/.test(id))
      .map(([, q]) => q.Properties);
    expect(queues).toHaveLength(2);
    for (const queue of queues) {
      expect(queue.KmsMasterKeyId).toEqual(workKey().arn);
      expect(queue.SqsManagedSseEnabled).toBeUndefined();
    }
    expect(workKey().key.Properties.EnableKeyRotation).toBe(true);
    expect(workKey().key.DeletionPolicy).toBe('Retain');
  });

  test('the API task may send with exactly GenerateDataKey and Decrypt on the queue key; the worker may only Decrypt with it', () => {
    expect(kmsStatements('api')).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: workKey().arn }),
    ]);
    const send = taskRoleStatements('api').filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:')));
    expect(send.map((s) => [[s.Action].flat().sort(), s.Resource])).toEqual([
      [['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], { 'Fn::GetAtt': [expect.stringMatching(/^WorkQueue/), 'Arn'] }],
    ]);
    expect(kmsStatements('worker')).toEqual([expect.objectContaining({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: workKey().arn })]);
  });

  test('target group checks the health path and drains quickly', () => {
    services().hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: config.ingress.healthCheckPath,
      TargetType: 'ip',
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: String(config.ingress.deregistrationDelaySeconds) },
      ]),
    });
    expect(config.ingress.deregistrationDelaySeconds).toBeLessThanOrEqual(30);
  });

  test(`deploys with the configured ECS-native strategy (${config.api.deployment.strategy})`, () => {
    const api = Object.values(services().findResources('AWS::ECS::Service')).find((s) => s.Properties.LoadBalancers?.length)!.Properties;
    const { strategy, canaryPercent, bakeMinutes } = config.api.deployment;
    const expected = { rolling: undefined, 'blue-green': 'BLUE_GREEN', canary: 'CANARY', linear: 'LINEAR' }[strategy];
    expect(api.DeploymentConfiguration.Strategy).toBe(expected);
    if (strategy === 'rolling') {
      expect(api.LoadBalancers[0].AdvancedConfiguration).toBeUndefined();
      return;
    }
    expect(api.DeploymentConfiguration.BakeTimeInMinutes).toBe(bakeMinutes);
    expect(Object.keys(api.LoadBalancers[0].AdvancedConfiguration).sort()).toEqual([
      'AlternateTargetGroupArn',
      'ProductionListenerRule',
      'RoleArn',
    ]);
    if (strategy === 'canary')
      expect(api.DeploymentConfiguration.CanaryConfiguration).toEqual({
        CanaryPercent: canaryPercent,
        CanaryBakeTimeInMinutes: bakeMinutes,
      });
    services().hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 1,
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [Match.objectLike({ Weight: 100 }), Match.objectLike({ Weight: 0 })] } }],
    });
  });

  test(`the ALB serves ${config.ingress.certificateArn ? 'HTTPS with its certificate' : 'plain HTTP only (no certificate)'}`, () => {
    const t = services();
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    const listeners = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::Listener')).map((l) => l.Properties);
    const https = listeners.filter((l) => l.Protocol === 'HTTPS');
    if (config.ingress.certificateArn) {
      expect(https.map((l) => [l.Port, l.Certificates[0].CertificateArn])).toEqual([[443, config.ingress.certificateArn]]);
      expect(https[0].SslPolicy).toMatch(/TLS13/);
    } else {
      expect(listeners.map((l) => [l.Port, l.Protocol])).toEqual([[80, 'HTTP']]);
    }
  });
});

describe('with a certificate configured', () => {
  const services = () =>
    synthStage('staging', { overrides: { staging: { ingress: { certificateArn: CERT, domainName: 'staging.example.com' } } } }).templates
      .services;
  // (staging has no CDN, so HTTP stays open and redirects.)

  test('HTTPS on 443 with a TLS 1.2+ policy, and HTTP redirects to HTTPS', () => {
    const t = services();
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERT }],
      SslPolicy: Match.stringLikeRegexp('TLS13'),
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });
});

describe('images from context', () => {
  test('CI-provided images replace the default and its command', () => {
    const t = synthStage('dev', {
      apiImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:abc',
      workerImage: 'ghcr.io/example-org/worker:abc',
    }).templates.services;
    const defs = Object.values(t.findResources('AWS::ECS::TaskDefinition')).map((d) => d.Properties.ContainerDefinitions[0]);
    // A private ECR image is named through its repository (host suffix from the partition); any other registry as given.
    expect(defs.map((d) => d.Image)).toEqual([
      { 'Fn::Join': ['', ['123456789012.dkr.ecr.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/api:abc']] },
      'ghcr.io/example-org/worker:abc',
    ]);
    for (const d of defs) expect(d.Command).toBeUndefined();
  });

  test('the default image answers the health check on the container port', () => {
    const { container } = containerOf('dev', 'api');
    expect(container.Image).toBe('docker.io/traefik/whoami:v1.11');
    expect(container.Command).toEqual([`--port=${STAGES.dev.api.containerPort}`]);
    expect(container.PortMappings[0].ContainerPort).toBe(STAGES.dev.api.containerPort);
  });
});
