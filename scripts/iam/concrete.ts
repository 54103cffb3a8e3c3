/**
 * Turns template values into the concrete strings AWS would see, for evaluating policies: pseudo
 * parameters become the stage's partition, region and account; a `Ref` or `Fn::GetAtt` becomes a
 * placeholder physical name or ARN built the same way wherever the resource is referenced (its own
 * name property when it has one, else its logical id); cross-stack references are followed into
 * the other stack's outputs. Anything else is rendered by `render` (policies.ts).
 */
import { asList, render, TemplateJson } from './policies';

export interface StageAccount {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** Templates of a stage by stack name, so cross-stack references can be followed. */
export interface StageTemplates {
  readonly byStackName: Record<string, TemplateJson & { Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }> }>;
  readonly where: StageAccount;
  /** Region of each stack, by stack name, where it is not `where.region` (the DR region's stacks). @default every stack in `where.region` */
  readonly regions?: Readonly<Record<string, string>>;
}

/** Properties that hold a resource's physical name, by type. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::DBSubnetGroup': 'DBSubnetGroupName',
  'AWS::ElastiCache::ReplicationGroup': 'ReplicationGroupId',
  'AWS::ElastiCache::SubnetGroup': 'CacheSubnetGroupName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::ECS::Cluster': 'ClusterName',
  'AWS::ECS::TaskDefinition': 'Family',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::CompositeAlarm': 'AlarmName',
  'AWS::ECS::Service': 'ServiceName',
};

type Arn = (name: string, w: StageAccount) => string;
const arn =
  (service: string, resource: string, global = false): Arn =>
  (name, w) =>
    `arn:${w.partition}:${service}:${global ? '' : w.region}:${global && service === 's3' ? '' : w.account}:${resource.replace('{}', name)}`;

/** What `Ref` returns when it is an ARN, and the `Arn` attribute, by type. */
const ARN_OF: Record<string, Arn> = {
  'AWS::S3::Bucket': (name, w) => `arn:${w.partition}:s3:::${name}`,
  'AWS::RDS::DBInstance': arn('rds', 'db:{}'),
  'AWS::ElastiCache::ReplicationGroup': arn('elasticache', 'replicationgroup:{}'),
  'AWS::SNS::Topic': arn('sns', '{}'),
  'AWS::SecretsManager::Secret': arn('secretsmanager', 'secret:{}-AbCdEf'),
  'AWS::StepFunctions::StateMachine': arn('states', 'stateMachine:{}'),
  'AWS::ECS::Cluster': arn('ecs', 'cluster/{}'),
  'AWS::ECS::TaskDefinition': arn('ecs', 'task-definition/{}:1'),
  'AWS::Logs::LogGroup': arn('logs', 'log-group:{}:*'),
  'AWS::Lambda::Function': arn('lambda', 'function:{}'),
  'AWS::IAM::Role': (name, w) => `arn:${w.partition}:iam::${w.account}:role/${name}`,
  'AWS::SQS::Queue': arn('sqs', '{}'),
  'AWS::KMS::Key': arn('kms', 'key/{}'),
  'AWS::CloudWatch::Alarm': arn('cloudwatch', 'alarm:{}'),
  'AWS::CloudWatch::CompositeAlarm': arn('cloudwatch', 'alarm:{}'),
};

/** Types whose `Ref` is the ARN, not the name. */
const REF_IS_ARN = new Set([
  'AWS::SNS::Topic',
  'AWS::SecretsManager::Secret',
  'AWS::StepFunctions::StateMachine',
  'AWS::ECS::TaskDefinition',
  'AWS::SecretsManager::SecretTargetAttachment',
]);

export class ConcreteValues {
  constructor(private readonly stage: StageTemplates) {}

  /** A template value of stack `stackName` as AWS would see it. */
  resolve(value: unknown, stackName: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, stackName)).join(',');
    if (!value || typeof value !== 'object') return render(value);
    const node = value as Record<string, unknown>;
    if ('Ref' in node) return this.ref(String(node.Ref), stackName);
    if ('Fn::GetAtt' in node) {
      const [id, attribute] = (typeof node['Fn::GetAtt'] === 'string' ? String(node['Fn::GetAtt']).split('.') : node['Fn::GetAtt']) as [
        string,
        string,
      ];
      return this.attribute(id, attribute, stackName);
    }
    if ('Fn::Join' in node) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map((i) => this.resolve(i, stackName)).join(delimiter);
    }
    if ('Fn::Sub' in node) {
      const [text, vars] = (Array.isArray(node['Fn::Sub']) ? node['Fn::Sub'] : [node['Fn::Sub'], {}]) as [string, Record<string, unknown>];
      return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) =>
        name in vars
          ? this.resolve(vars[name], stackName)
          : name.includes('.')
            ? this.attribute(name.split('.')[0], name.split('.').slice(1).join('.'), stackName)
            : this.ref(name, stackName),
      );
    }
    if ('Fn::Select' in node) {
      const [index, list] = node['Fn::Select'] as [unknown, unknown];
      const items = Array.isArray(list) ? list.map((i) => this.resolve(i, stackName)) : this.resolve(list, stackName).split(',');
      return items[Number(this.resolve(index, stackName))] ?? '';
    }
    if ('Fn::Split' in node) {
      const [delimiter, source] = node['Fn::Split'] as [string, unknown];
      return this.resolve(source, stackName).split(delimiter).join(',');
    }
    if ('Fn::GetStackOutput' in node) {
      const ref = node['Fn::GetStackOutput'] as { StackName: unknown; OutputName: unknown };
      return this.output(this.resolve(ref.StackName, stackName), this.resolve(ref.OutputName, stackName));
    }
    if ('Fn::ImportValue' in node) {
      const name = this.resolve(node['Fn::ImportValue'], stackName);
      for (const [other, template] of Object.entries(this.stage.byStackName)) {
        for (const output of Object.values(template.Outputs ?? {})) {
          if (output.Export && this.resolve(output.Export.Name, other) === name) return this.resolve(output.Value, other);
        }
      }
      throw new Error(`No stack of the stage exports ${name}`);
    }
    if ('Fn::If' in node) return this.resolve(asList(node['Fn::If'] as unknown[])[1], stackName);
    return render(value);
  }

  private template(stackName: string) {
    const template = this.stage.byStackName[stackName];
    if (!template) throw new Error(`No template for stack ${stackName}`);
    return template;
  }

  private output(stackName: string, outputName: string): string {
    const output = this.template(stackName).Outputs?.[outputName];
    if (!output) throw new Error(`Stack ${stackName} has no output ${outputName}`);
    return this.resolve(output.Value, stackName);
  }

  /** The physical name: the name property when set, else `<stage stack>-<logical id>` in lower case. */
  private physicalName(id: string, stackName: string): string {
    const resource = this.template(stackName).Resources?.[id];
    if (!resource) throw new Error(`Stack ${stackName} has no resource ${id}`);
    const property = NAME_PROPERTY[resource.Type];
    const named = property ? resource.Properties?.[property] : undefined;
    return named !== undefined ? this.resolve(named, stackName) : `${stackName}-${id}`.toLowerCase();
  }

  /** The partition, account and region a stack deploys to: a pseudo parameter or a resource's ARN names its own stack's region. */
  private whereOf(stackName: string): StageAccount {
    const region = this.stage.regions?.[stackName];
    return region ? { ...this.stage.where, region } : this.stage.where;
  }

  private ref(name: string, stackName: string): string {
    const w = this.whereOf(stackName);
    if (name === 'AWS::Partition') return w.partition;
    if (name === 'AWS::Region') return w.region;
    if (name === 'AWS::AccountId') return w.account;
    if (name === 'AWS::URLSuffix') return 'amazonaws.com';
    if (name === 'AWS::StackName') return stackName;
    // A stack's id ends in a UUID CloudFormation picks; any fixed one stands for it.
    if (name === 'AWS::StackId')
      return `arn:${w.partition}:cloudformation:${w.region}:${w.account}:stack/${stackName}/11111111-2222-3333-4444-555555555555`;
    const resource = this.template(stackName).Resources?.[name];
    if (!resource) return `<${name}>`;
    if (resource.Type === 'AWS::SecretsManager::SecretTargetAttachment') return this.resolve(resource.Properties?.SecretId, stackName);
    if (resource.Type === 'AWS::EC2::SecurityGroup') return `sg-${name.toLowerCase().slice(0, 17)}`;
    if (resource.Type === 'AWS::EC2::Subnet') return `subnet-${name.toLowerCase().slice(0, 17)}`;
    const physical = this.physicalName(name, stackName);
    // A service's Ref is its ARN, which names its cluster: service/<cluster name>/<service name>.
    if (resource.Type === 'AWS::ECS::Service')
      return `arn:${w.partition}:ecs:${w.region}:${w.account}:service/${this.resolve(resource.Properties?.Cluster, stackName).split('/').pop()}/${physical}`;
    return REF_IS_ARN.has(resource.Type) ? ARN_OF[resource.Type](physical, w) : physical;
  }

  private attribute(id: string, attribute: string, stackName: string): string {
    const resource = this.template(stackName).Resources?.[id];
    if (!resource) return `<${id}.${attribute}>`;
    const physical = this.physicalName(id, stackName);
    if (/Arn$/.test(attribute) && ARN_OF[resource.Type]) return ARN_OF[resource.Type](physical, this.whereOf(stackName));
    if (attribute === 'GroupId') return this.ref(id, stackName);
    return `${physical}.${attribute.toLowerCase()}`;
  }
}
