import { formatIssue } from '../../lib/config/config-issue';
import { deepMerge } from '../../lib/config/merge';
import { ConfigInputs, resolveStageConfigs } from '../../lib/config/resolve';
import { STAGES } from '../../lib/config/stages';
import { validateStageConfig } from '../../lib/config/validate';
import { configIssuesOf } from '../support/config-errors';

/** The issues resolveStageConfigs throws, as `{ path, value, expected }`; fails the test on any other error. */
function issuesOf(inputs: ConfigInputs) {
  return configIssuesOf(() => resolveStageConfigs(inputs));
}

describe('input never becomes a pattern', () => {
  it('reports -c region=eu-west-1( as a bad region instead of throwing a SyntaxError', () => {
    const issues = issuesOf({ stage: 'dev', region: 'eu-west-1(' });
    expect(issues).toContainEqual({
      path: 'dev.env.region',
      value: 'eu-west-1(',
      expected: expect.stringContaining('an AWS region code such as "eu-west-1"'),
    });
  });

  it.each(['.*', 'eu-west-1|us-east-1', '[', 'eu-west-1)?'])('treats region %p as text: its AZs are not matched against it', (region) => {
    const issues = validateStageConfig(
      'dev',
      deepMerge(STAGES.dev, { env: { region }, network: { availabilityZones: [`${region}a`, 'eu-west-1b'] } }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['dev.env.region']));
  });
});

describe('prototype keys in the override file', () => {
  const parse = (json: string): unknown => JSON.parse(json);

  it.each<[string, string]>([
    ['{"dev":{"__proto__":{"terminationProtection":true}}}', 'configFile.dev.__proto__'],
    ['{"dev":{"api":{"scaling":{"constructor":{"prototype":{"polluted":true}}}}}}', 'configFile.dev.api.scaling.constructor'],
    ['{"dev":{"api":{"scheduledCapacity":[{"name":"n","__proto__":{"x":1}}]}}}', 'configFile.dev.api.scheduledCapacity[0].__proto__'],
    ['{"__proto__":{"dev":{}}}', 'configFile.__proto__'],
    ['{"dev":{"cache":{"prototype":1}}}', 'configFile.dev.cache.prototype'],
  ])('refuses %s at %s', (json, path) => {
    const issues = issuesOf({ stage: 'dev', overrides: parse(json) });
    expect(issues.filter((issue) => issue.path === path)).toEqual([
      {
        path,
        value: expect.anything(),
        expected: expect.stringContaining("it names an object's prototype, not a setting (remove it from the override file)"),
      },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).terminationProtection).toBeUndefined();
  });

  it('never merges a prototype key, so nothing reaches Object.prototype', () => {
    const merged = deepMerge({ a: { b: 1 } }, parse('{"a":{"__proto__":{"polluted":true},"constructor":{"x":1},"b":2}}')) as {
      a: Record<string, unknown>;
    };
    expect(merged.a).toEqual({ b: 2 });
    expect(Object.getPrototypeOf(merged.a)).toBe(Object.prototype);
    expect(merged.a.polluted).toBeUndefined();
  });
});

describe('numbers that are not finite', () => {
  it.each<[unknown, string]>([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    [{ min: Number.NaN, max: [Number.POSITIVE_INFINITY, 2] }, '{"min":NaN,"max":[Infinity,2]}'],
    [undefined, 'undefined'],
    ['NaN', '"NaN"'],
    [null, 'null'],
  ])('prints %p as %s, not as null', (value, shown) => {
    expect(formatIssue({ path: 'dev.api.cpu', value, expected: 'x' })).toBe(`dev.api.cpu: got ${shown}; expected x`);
  });

  it('shows NaN in the error a stage with cpu NaN gets', () => {
    const issues = validateStageConfig('dev', deepMerge(STAGES.dev, { api: { cpu: Number.NaN } }));
    expect(issues.map(formatIssue)).toContain(
      'dev.api.cpu: got NaN; expected a Fargate CPU size: one of 256, 512, 1024, 2048, 4096, 8192, 16384',
    );
  });
});

describe('the override example in docs/configuration.md', () => {
  it('refuses an ALB origin named like the CDN (CloudFront would send requests back to itself)', () => {
    const issues = issuesOf({
      stage: 'prod',
      apiImage: 'api:1',
      workerImage: 'worker:1',
      overrides: { prod: { ingress: { domainName: 'app.example.com' } } },
    });
    expect(issues).toEqual([
      {
        path: 'prod.ingress.domainName',
        value: 'app.example.com',
        expected: expect.stringContaining('a name of its own for the ALB origin, e.g. "origin.app.example.com"'),
      },
    ]);
  });

  it('refuses prod in another account while its certificates still belong to the table account', () => {
    const paths = issuesOf({ stage: 'prod', account: '444455556666', apiImage: 'api:1', workerImage: 'worker:1' }).map(
      (issue) => issue.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['prod.ingress.certificateArn', 'prod.delivery.cdn.certificateArn']));
  });
});
