import { compareEstimates, DEFAULT_ASSUMPTIONS, estimate, type Estimate, type UsageAssumptions } from '../../../scripts/cost/estimate';
import { spotTasks } from '../../../scripts/cost/rules-compute';
import type { CfnTemplate, StackTemplate } from '../../../scripts/cost/template';

/** Usage pinned so every figure below can be worked out by hand. */
const FIXED: UsageAssumptions = {
  ...DEFAULT_ASSUMPTIONS,
  natGbPerMonth: { min: 0, max: 100 },
  albLcu: { min: 1, max: 1 },
  customMetrics: { min: 0, max: 0 },
};

function stack(template: CfnTemplate, region = 'eu-west-1', stackName = 'dev-test'): StackTemplate {
  return { stackName, region, template };
}

function lineCost(e: Estimate, item: RegExp): { min: number; max: number } {
  const matching = e.lines.filter((l) => item.test(l.item));
  if (matching.length !== 1)
    throw new Error(`expected one line matching ${item}, found ${matching.map((l) => l.item).join(' | ') || 'none'}`);
  return matching[0].monthlyUsd;
}

const ARM_TASK = {
  Type: 'AWS::ECS::TaskDefinition',
  Properties: { Cpu: '256', Memory: '512', RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' } },
};

describe('2 NAT gateways + 1 internet-facing ALB + a service of 2 × 0.25 vCPU / 0.5 GB ARM tasks, eu-west-1', () => {
  const result = estimate(
    [
      stack({
        Resources: {
          NatA: { Type: 'AWS::EC2::NatGateway' },
          NatB: { Type: 'AWS::EC2::NatGateway' },
          EipA: { Type: 'AWS::EC2::EIP' },
          EipB: { Type: 'AWS::EC2::EIP' },
          Alb: {
            Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
            Properties: { Type: 'application', Scheme: 'internet-facing', Subnets: [{ Ref: 'A' }, { Ref: 'B' }] },
          },
          Task: ARM_TASK,
          Api: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 2, LaunchType: 'FARGATE', TaskDefinition: { Ref: 'Task' } } },
        },
      }),
    ],
    FIXED,
  );

  it('prices each item', () => {
    // 2 gateways × 730 h × $0.048
    expect(lineCost(result, /^NAT gateway × 2$/).min).toBeCloseTo(70.08, 6);
    // 2 gateways × 0..100 GB × $0.048
    expect(lineCost(result, /data processed/)).toEqual({ min: 0, max: expect.closeTo(9.6, 6) });
    // 2 Elastic IPs × 730 h × $0.005
    expect(lineCost(result, /Elastic IP/).min).toBeCloseTo(7.3, 6);
    // 730 h × $0.0252; 1 LCU × 730 h × $0.008; 2 public IPv4 × 730 h × $0.005
    expect(lineCost(result, /^ALB Alb$/).min).toBeCloseTo(18.396, 6);
    expect(lineCost(result, /^ALB Alb LCUs$/).min).toBeCloseTo(5.84, 6);
    expect(lineCost(result, /^ALB Alb public IPv4 × 2$/).min).toBeCloseTo(7.3, 6);
    // 2 tasks × 0.25 vCPU × 730 h × $0.03238; 2 tasks × 0.5 GB × 730 h × $0.00356
    expect(lineCost(result, /Api .*vCPU, on-demand/).min).toBeCloseTo(11.8187, 4);
    expect(lineCost(result, /Api .*memory, on-demand/).min).toBeCloseTo(2.5988, 4);
    expect(result.lines.some((l) => /Spot/.test(l.item))).toBe(false);
  });

  it('totals $123.33 to $132.93 a month', () => {
    // 70.08 + 7.30 + 18.396 + 5.84 + 7.30 + 11.8187 + 2.5988 = 123.3335; + 9.60 of NAT data at most
    expect(result.totalUsd.min).toBeCloseTo(123.3335, 3);
    expect(result.totalUsd.max).toBeCloseTo(132.9335, 3);
    expect(result.groups.map((g) => g.group)).toEqual(['Network', 'Load balancing', 'Compute', 'Monitoring']);
  });

  it('states its assumptions and where the prices come from', () => {
    expect(result.assumptions[0]).toContain('730 hours per month');
    expect(result.assumptions.join('\n')).toMatch(/NAT: 0 to 100 GB/);
    expect(result.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(result.priceSource).toMatch(/AWS/);
  });
});

describe('Fargate min and max from autoscaling, Spot share from the capacity provider strategy', () => {
  const result = estimate(
    [
      stack({
        Resources: {
          Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '512', Memory: '1024' } },
          Worker: {
            Type: 'AWS::ECS::Service',
            Properties: {
              DesiredCount: 1,
              TaskDefinition: { Ref: 'Task' },
              CapacityProviderStrategy: [
                { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
                { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
              ],
            },
          },
          WorkerScaling: {
            Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
            Properties: {
              MinCapacity: 1,
              MaxCapacity: 4,
              ScalableDimension: 'ecs:service:DesiredCount',
              ResourceId: { 'Fn::Join': ['', ['service/', { Ref: 'Cluster' }, '/', { 'Fn::GetAtt': ['Worker', 'Name'] }]] },
            },
          },
        },
      }),
    ],
    FIXED,
  );

  it('splits tasks: the base goes on-demand first, the rest 1:3', () => {
    expect(
      spotTasks(1, [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
      ]),
    ).toBe(0);
    // 4 tasks: 1 base on-demand, 3 left → 0.75 on-demand, 2.25 Spot
    expect(
      spotTasks(4, [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
      ]),
    ).toBe(2.25);
    expect(spotTasks(3, [])).toBe(0);
  });

  it('prices X86 on-demand tasks at min 1 and max 1.75, Spot tasks at 70 % off', () => {
    // 1 task × 0.5 vCPU × 730 h × $0.04048 = 14.7752; 1.75 tasks → 25.8566
    expect(lineCost(result, /Worker \(1-4 tasks × 0.5 vCPU \/ 1 GB, X86_64\) vCPU, on-demand/)).toEqual({
      min: expect.closeTo(14.7752, 4),
      max: expect.closeTo(25.8566, 4),
    });
    // 2.25 tasks × 0.5 vCPU × 730 h × $0.04048 × 0.3 = 9.9733
    expect(lineCost(result, /vCPU, Spot/)).toEqual({ min: 0, max: expect.closeTo(9.97326, 4) });
    // 2.25 tasks × 1 GB × 730 h × $0.004445 × 0.3 = 2.1902
    expect(lineCost(result, /memory, Spot/).max).toBeCloseTo(2.19024, 4);
  });
});

describe('an ARM64 service whose strategy asks for Fargate Spot', () => {
  // Fargate Spot runs no ARM64 task (ECS guide, Fargate capacity providers): no Spot discount applies.
  const result = estimate(
    [
      stack({
        Resources: {
          Task: ARM_TASK,
          Worker: {
            Type: 'AWS::ECS::Service',
            Properties: {
              DesiredCount: 2,
              TaskDefinition: { Ref: 'Task' },
              CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
            },
          },
        },
      }),
    ],
    FIXED,
  );

  it('prices every task on demand at the ARM64 rate', () => {
    expect(result.lines.filter((l) => /Spot/.test(l.item))).toEqual([]);
    // 2 tasks × 0.25 vCPU × 730 h × $0.03238; 2 tasks × 0.5 GB × 730 h × $0.00356
    expect(lineCost(result, /Worker .*ARM64\) vCPU, on-demand/).min).toBeCloseTo(11.8187, 4);
    expect(lineCost(result, /Worker .*ARM64\) memory, on-demand/).min).toBeCloseTo(2.5988, 4);
  });
});

describe('RDS and ElastiCache, us-east-1', () => {
  const result = estimate(
    [
      stack(
        {
          Resources: {
            Primary: {
              Type: 'AWS::RDS::DBInstance',
              Properties: {
                Engine: 'postgres',
                DBInstanceClass: 'db.r7g.large',
                MultiAZ: true,
                AllocatedStorage: '100',
                StorageType: 'gp3',
              },
            },
            Replica: {
              Type: 'AWS::RDS::DBInstance',
              Properties: {
                DBInstanceClass: 'db.r7g.large',
                SourceDBInstanceIdentifier: { 'Fn::Join': ['', ['arn:aws:rds:us-east-1:111111111111:db:', { Ref: 'Primary' }]] },
              },
            },
            Cache: {
              Type: 'AWS::ElastiCache::ReplicationGroup',
              Properties: { Engine: 'valkey', CacheNodeType: 'cache.t4g.small', NumCacheClusters: 2 },
            },
            Legacy: {
              Type: 'AWS::ElastiCache::ReplicationGroup',
              Properties: { Engine: 'redis', CacheNodeType: 'cache.t4g.micro', NumNodeGroups: 2, ReplicasPerNodeGroup: 1 },
            },
          },
        },
        'us-east-1',
      ),
    ],
    FIXED,
  );

  it('doubles a Multi-AZ primary and its storage: 730 h × $0.239 × 2, 100 GB × $0.115 × 2', () => {
    expect(lineCost(result, /^PostgreSQL Primary \(db.r7g.large, Multi-AZ\)$/).min).toBeCloseTo(348.94, 6);
    expect(lineCost(result, /^PostgreSQL Primary .*gp3 storage/).min).toBeCloseTo(23, 6);
    // backups: within the free allowance at least, one more copy of 100 GB × $0.095 at most
    expect(lineCost(result, /Primary .*backup/)).toEqual({ min: 0, max: expect.closeTo(9.5, 6) });
  });

  it('finds the read replica by SourceDBInstanceIdentifier, single-AZ, with the source storage and no backups', () => {
    expect(lineCost(result, /^Read replica Replica \(db.r7g.large\)$/).min).toBeCloseTo(174.47, 6);
    expect(lineCost(result, /^Read replica Replica .*storage/).min).toBeCloseTo(11.5, 6);
    expect(result.lines.some((l) => /Replica .*backup/.test(l.item))).toBe(false);
  });

  it('prices nodes × node type, Valkey 20 % below Redis OSS', () => {
    // 2 nodes × 730 h × $0.032 × 0.8
    expect(lineCost(result, /^Valkey Cache \(2 × cache.t4g.small\)$/).min).toBeCloseTo(37.376, 6);
    // 2 shards × (1 + 1 replica) × 730 h × $0.016
    expect(lineCost(result, /^Redis OSS Legacy \(4 × cache.t4g.micro\)$/).min).toBeCloseTo(46.72, 6);
  });
});

describe('NAT instance instead of gateways (dev)', () => {
  const result = estimate(
    [
      stack({
        Resources: {
          Nat: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't4g.nano', SourceDestCheck: false } },
          Bastion: {
            Type: 'AWS::EC2::Instance',
            Properties: { InstanceType: 't4g.micro', BlockDeviceMappings: [{ Ebs: { VolumeSize: 20 } }] },
          },
        },
      }),
    ],
    FIXED,
  );

  it('costs 730 h × $0.0046 + 8 GB × $0.088 + a public IPv4 address', () => {
    const nat = result.groups.find((g) => g.group === 'Network')!.monthlyUsd;
    // 3.358 + 0.704 + 3.65
    expect(nat.min).toBeCloseTo(7.712, 6);
    expect(result.lines.some((l) => /NAT gateway/.test(l.item))).toBe(false);
  });

  it('prices any other instance under Compute with its own volume size', () => {
    // 730 h × $0.0092 + 20 GB × $0.088
    expect(result.groups.find((g) => g.group === 'Compute')!.monthlyUsd.min).toBeCloseTo(6.716 + 1.76, 6);
  });
});

describe('automation, monitoring, security and storage', () => {
  const result = estimate(
    [
      stack({
        Resources: {
          FnA: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 512, Architectures: ['arm64'] } },
          FnB: { Type: 'AWS::Lambda::Function', Properties: { Architectures: ['arm64'] } },
          Flow: { Type: 'AWS::StepFunctions::StateMachine', Properties: {} },
          Plain: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 300 } },
          Plain2: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 60 } },
          Math: {
            Type: 'AWS::CloudWatch::Alarm',
            Properties: {
              Metrics: [
                { Id: 'a', MetricStat: { Period: 60 } },
                { Id: 'b', MetricStat: { Period: 60 } },
                { Id: 'e', Expression: 'a/b' },
              ],
            },
          },
          Fast: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 10 } },
          Both: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: {} },
          Board: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
          Logs30: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
          LogsForever: { Type: 'AWS::Logs::LogGroup', Properties: {} },
          Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
          Key: { Type: 'AWS::KMS::Key', Properties: {} },
          Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
          Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
        },
      }),
    ],
    {
      ...FIXED,
      lambdaInvocations: { min: 1000, max: 1000 },
      lambdaSeconds: { min: 2, max: 2 },
      stepFunctionTransitions: { min: 4000, max: 4000 },
      logGbPerGroup: { min: 1, max: 1 },
      s3GbPerBucket: { min: 10, max: 10 },
    },
  );

  it('counts Lambda GB-seconds and requests: (0.5 + 0.125) GB × 1000 × 2 s × $0.0000133334', () => {
    expect(lineCost(result, /Lambda compute, 2 ARM64/).min).toBeCloseTo(1250 * 0.0000133334, 9);
    expect(lineCost(result, /Lambda requests/).min).toBeCloseTo(0.002 * 0.2, 9);
    expect(lineCost(result, /Step Functions/).min).toBeCloseTo(4 * 0.025, 9);
  });

  it('bills alarms per metric (2 plain + 2 in the math alarm), high resolution apart, composites and dashboards', () => {
    expect(lineCost(result, /CloudWatch alarms, 4 alarm/).min).toBeCloseTo(0.4, 9);
    expect(lineCost(result, /high-resolution/).min).toBeCloseTo(0.3, 9);
    expect(lineCost(result, /composite/).min).toBeCloseTo(0.5, 9);
    expect(lineCost(result, /dashboards/).min).toBeCloseTo(3, 9);
  });

  it('ingests 1 GB per log group and stores it for its retention (never-expiring counted as 12 months)', () => {
    expect(lineCost(result, /Log ingestion, 2/).min).toBeCloseTo(2 * 0.57, 9);
    // 1 GB × (30/30 + 365/30) months × $0.03
    expect(lineCost(result, /Log storage/).min).toBeCloseTo((1 + 365 / 30) * 0.03, 9);
  });

  it('counts secrets, keys and buckets, and lists what it does not price', () => {
    expect(lineCost(result, /Secrets Manager secrets × 1/).min).toBeCloseTo(0.4, 9);
    expect(lineCost(result, /KMS customer managed keys × 1/).min).toBeCloseTo(1, 9);
    expect(lineCost(result, /S3 Standard, 1 bucket/).min).toBeCloseTo(0.23, 9);
    expect(result.unpriced).toEqual([{ type: 'AWS::DynamoDB::Table', count: 1 }]);
  });
});

describe('queues, topics and budgets', () => {
  const result = estimate(
    [
      stack({
        Resources: {
          Work: { Type: 'AWS::SQS::Queue', Properties: {} },
          Dead: { Type: 'AWS::SQS::Queue', Properties: {} },
          Critical: { Type: 'AWS::SNS::Topic', Properties: {} },
          Warning: { Type: 'AWS::SNS::Topic', Properties: {} },
          Ops: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'email', Endpoint: 'ops@example.com' } },
          Hook: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'https', Endpoint: 'https://hooks.example.com' } },
          Budget: { Type: 'AWS::Budgets::Budget', Properties: {} },
        },
      }),
    ],
    { ...FIXED, sqsRequestsMillionPerQueue: { min: 0.1, max: 1 }, snsPublishesPerTopic: { min: 1000, max: 10_000 } },
  );

  it('bills SQS requests per queue: 2 × 0.1 to 2 × 1 million at $0.40', () => {
    expect(lineCost(result, /SQS requests, 2 queue/)).toEqual({ min: expect.closeTo(0.08, 9), max: expect.closeTo(0.8, 9) });
  });

  it('bills SNS publishes per topic and their delivery to each email subscription, not to other protocols', () => {
    expect(lineCost(result, /SNS publishes, 2 topic/)).toEqual({ min: expect.closeTo(0.001, 9), max: expect.closeTo(0.01, 9) });
    expect(lineCost(result, /SNS email deliveries, 1 subscription/)).toEqual({ min: expect.closeTo(0.02, 9), max: expect.closeTo(0.2, 9) });
  });

  it('counts a budget free at the minimum (the first two per payer account) and at $0.02 a day at the maximum', () => {
    expect(lineCost(result, /AWS Budgets, 1 budget/)).toEqual({ min: 0, max: expect.closeTo((730 / 24) * 0.02, 9) });
  });

  it('leaves nothing of them unpriced, so the total is whole', () => {
    expect(result.unpriced).toEqual([]);
    expect(result.partial).toBe(false);
  });
});

describe('limits', () => {
  it('refuses a region it has no prices for, naming the file to extend', () => {
    expect(() => estimate([stack({ Resources: {} }, 'ap-south-1')])).toThrow(/No prices for region ap-south-1 in scripts\/cost\/prices.ts/);
  });

  it('lists an instance class it cannot price instead of guessing', () => {
    const result = estimate([
      stack({ Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.x2g.large' } } } }),
    ]);
    expect(result.lines).toHaveLength(0);
    expect(result.unpriced[0].type).toMatch(/db.x2g.large\): no price in prices.ts/);
  });
});

describe('compareEstimates', () => {
  it('shows before, after and the difference per group and in total', () => {
    const before = estimate([stack({ Resources: { Nat: { Type: 'AWS::EC2::NatGateway' } } })], FIXED);
    const after = estimate(
      [
        stack({
          Resources: { Nat: { Type: 'AWS::EC2::NatGateway' }, Nat2: { Type: 'AWS::EC2::NatGateway' }, Key: { Type: 'AWS::KMS::Key' } },
        }),
      ],
      FIXED,
    );
    const diff = compareEstimates(before, after);
    const network = diff.groups.find((g) => g.group === 'Network')!;
    // one more gateway: 730 h × $0.048 = 35.04, plus up to 100 GB × $0.048 = 4.80
    expect(network.difference.min).toBeCloseTo(35.04, 6);
    expect(network.difference.max).toBeCloseTo(39.84, 6);
    expect(diff.groups.find((g) => g.group === 'Security')).toEqual({
      group: 'Security',
      before: { min: 0, max: 0 },
      after: { min: 1, max: 1 },
      difference: { min: 1, max: 1 },
    });
    expect(diff.total.difference.min).toBeCloseTo(36.04, 6);
  });
});

describe('a stack in a region without a price table', () => {
  test('is priced at the stage region and the estimate says so', () => {
    const key = { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: {} } } };
    const result = estimate([
      { stackName: 'dev-data', region: 'eu-west-1', template: key },
      { stackName: 'dev-dr', region: 'eu-central-1', template: key },
    ]);
    const kms = result.lines.filter((l) => /KMS/i.test(l.group + l.item));
    expect(kms.length).toBeGreaterThanOrEqual(1);
    expect(result.totalUsd.min).toBeCloseTo(2, 5);
    expect(result.assumptions.join('\n')).toMatch(/eu-central-1 are priced at eu-west-1 list prices/);
  });
});
