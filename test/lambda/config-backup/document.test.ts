import {
  buildConfigDocument,
  canonicalJson,
  sha256Hex,
  summarizeParameter,
  summarizeTaskDefinition,
} from '../../../lambda/config-backup/document';
import { API_TD, CLUSTER, PARAMETERS, SERVICES, STACKS, TASK_DEFINITIONS } from './fixtures';

const IDENTITY = { stage: 'dev', project: 'shop', cluster: CLUSTER };
const READ = { services: SERVICES, taskDefinitions: Object.values(TASK_DEFINITIONS), parameters: PARAMETERS, stacks: STACKS };

describe('the configuration document', () => {
  const document = buildConfigDocument(IDENTITY, READ);

  it('sorts services, task definitions, parameters and stacks by name', () => {
    expect(document.services.map((s) => (s as { serviceName: string }).serviceName)).toEqual(['api', 'worker']);
    expect(document.parameters.map((p) => (p as { name: string }).name)).toEqual(['/shop/dev/api-key', '/shop/dev/feature/search']);
    expect(document.stacks).toEqual([
      { stackName: 'dev-Data', outputs: {} },
      { stackName: 'dev-Services', outputs: { ApiUrl: 'https://dev.example.com', LoadBalancerDns: 'dev-alb.example.com' } },
    ]);
  });

  it('keeps settings but no running counts, deployments or times, so only a change of setting changes it', () => {
    const text = canonicalJson(document);
    for (const volatile of [
      'runningCount',
      'deployments',
      'registeredAt',
      'LastUpdatedTime',
      'lastUpdatedTime',
      'creationTime',
      'lastModifiedDate',
    ]) {
      expect(text).not.toContain(volatile);
    }
    expect(document.services[0]).toMatchObject({
      desiredCount: 2,
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
    });
  });

  it('keeps environment variables and secret ARNs of each container, sorted by name', () => {
    expect(summarizeTaskDefinition(TASK_DEFINITIONS[API_TD])).toMatchObject({
      family: 'dev-api',
      revision: 7,
      containers: [
        {
          name: 'api',
          environment: [
            { name: 'LOG_LEVEL', value: 'info' },
            { name: 'QUEUE_URL', value: 'https://sqs/queue' },
          ],
          secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbC:password::' }],
        },
      ],
    });
  });

  it('records a SecureString parameter without its value', () => {
    expect(summarizeParameter(PARAMETERS[1])).toEqual({ name: '/shop/dev/api-key', type: 'SecureString', version: 2 });
    expect(summarizeParameter(PARAMETERS[0])).toEqual({ name: '/shop/dev/feature/search', type: 'String', version: 4, value: 'on' });
    expect(canonicalJson(document)).not.toContain('ciphertext');
  });
});

describe('canonicalJson', () => {
  it('gives the same bytes and hash whatever order keys and listings came in', () => {
    const reordered = buildConfigDocument(IDENTITY, {
      ...READ,
      services: [...SERVICES].reverse(),
      stacks: [...STACKS].reverse(),
      parameters: [...PARAMETERS].reverse(),
    });
    expect(canonicalJson(reordered)).toBe(canonicalJson(buildConfigDocument(IDENTITY, READ)));
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined, x: 0 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      2,\n      {\n        "x": 0,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it('hashes as hex sha256 of the text', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
