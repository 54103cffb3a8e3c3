import { formatIssue } from '../../lib/config/config-issue';
import { DELIVERY_DEFAULTS, DeliveryConfig, validateDeliveryConfig, validateOidcProviderOwnership } from '../../lib/config/delivery';

const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012';

/** The prod defaults with one field replaced by `patch` (a shallow merge per section). */
function withPatch(patch: Record<string, unknown>): Record<string, unknown> {
  const base = DELIVERY_DEFAULTS.prod as unknown as Record<string, Record<string, unknown>>;
  const merged: Record<string, unknown> = { ...base };
  for (const [section, value] of Object.entries(patch)) {
    const current = base[section];
    merged[section] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && typeof current === 'object'
        ? { ...current, ...value }
        : value;
  }
  return merged;
}

describe('delivery defaults', () => {
  it.each(Object.entries(DELIVERY_DEFAULTS))('%s is valid', (stage, config) => {
    expect(validateDeliveryConfig(config, `${stage}.delivery`)).toEqual([]);
  });

  it('prod serves through the CDN; dev goes straight to the load balancer', () => {
    expect(DELIVERY_DEFAULTS.prod.cdn.enabled).toBe(true);
    expect(DELIVERY_DEFAULTS.dev.cdn.enabled).toBe(false);
  });
});

describe('validateDeliveryConfig rejects bad input', () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    [
      'deployment here instead of api.deployment',
      { deployment: { strategy: 'canary' } },
      'prod.delivery.deployment',
      /no such setting; known settings here: github, createOidcProvider/,
    ],
    [
      'empty migration command',
      { migrations: { enabled: true, command: [] } },
      'prod.delivery.migrations.command',
      /non-empty command while migrations are enabled/,
    ],
    [
      'blank migration argument',
      { migrations: { command: ['npm', ' '] } },
      'prod.delivery.migrations.command',
      /list of non-empty strings/,
    ],
    [
      'command as a string',
      { migrations: { command: 'npm run migrate' } },
      'prod.delivery.migrations.command',
      /list of non-empty strings/,
    ],
    ['migration timeout 0', { migrations: { timeoutMinutes: 0 } }, 'prod.delivery.migrations.timeoutMinutes', /from 1 to 50/],
    [
      'migration timeout past the CI session',
      { migrations: { timeoutMinutes: 60 } },
      'prod.delivery.migrations.timeoutMinutes',
      /from 1 to 50/,
    ],
    [
      'CDN with a domain but no certificate',
      { cdn: { enabled: true, domainNames: ['app.example.com'] } },
      'prod.delivery.cdn.certificateArn',
      /required when the CDN is enabled with domain names/,
    ],
    [
      'certificate outside us-east-1',
      { cdn: { certificateArn: CERT.replace('us-east-1', 'eu-west-1'), domainNames: ['app.example.com'] } },
      'prod.delivery.cdn.certificateArn',
      /in us-east-1/,
    ],
    [
      'certificate without domain names',
      { cdn: { certificateArn: CERT } },
      'prod.delivery.cdn.domainNames',
      /domain names the certificate covers/,
    ],
    [
      'domain with upper case',
      { cdn: { certificateArn: CERT, domainNames: ['App.Example.com'] } },
      'prod.delivery.cdn.domainNames[0]',
      /lower-case DNS names/,
    ],
    [
      'repeated domain',
      { cdn: { certificateArn: CERT, domainNames: ['a.example.com', 'a.example.com'] } },
      'prod.delivery.cdn.domainNames[1]',
      /repeated/,
    ],
    ['catch-all static pattern', { cdn: { staticPathPatterns: ['*'] } }, 'prod.delivery.cdn.staticPathPatterns[0]', /not "\*"/],
    [
      'static patterns not a list',
      { cdn: { staticPathPatterns: '/static/*' } },
      'prod.delivery.cdn.staticPathPatterns',
      /a list of 0 to 25/,
    ],
    ['unknown price class', { cdn: { priceClass: 'PriceClass_50' } }, 'prod.delivery.cdn.priceClass', /"PriceClass_100"/],
    ['bad prefix list id', { cdn: { originPrefixListId: 'cloudfront' } }, 'prod.delivery.cdn.originPrefixListId', /pl-4fa04526/],
    ['owner with a slash', { github: { owner: 'org/repo' } }, 'prod.delivery.github.owner', /a GitHub owner/],
    ['owner with a leading hyphen', { github: { owner: '-org' } }, 'prod.delivery.github.owner', /a GitHub owner/],
    ['repo with a wildcard', { github: { repo: '*' } }, 'prod.delivery.github.repo', /a GitHub repository name/],
    ['repo ".."', { github: { repo: '..' } }, 'prod.delivery.github.repo', /a GitHub repository name/],
    ['repo including the owner', { github: { repo: 'example-org/stage-platform' } }, 'prod.delivery.github.repo', /without the owner/],
    [
      'provider created and imported',
      { createOidcProvider: true, existingOidcProviderArn: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' },
      'prod.delivery.existingOidcProviderArn',
      /not both/,
    ],
    [
      'provider ARN of another issuer',
      { createOidcProvider: false, existingOidcProviderArn: 'arn:aws:iam::111111111111:oidc-provider/gitlab.com' },
      'prod.delivery.existingOidcProviderArn',
      /token.actions.githubusercontent.com/,
    ],
    ['createOidcProvider as a string', { createOidcProvider: 'yes' }, 'prod.delivery.createOidcProvider', /true or false/],
    ['typo in a key', { cdn: { staticPaths: ['/x/*'] } }, 'prod.delivery.cdn.staticPaths', /known settings here: enabled, certificateArn/],
    ['section missing', { migrations: undefined }, 'prod.delivery.migrations', /an object/],
  ];

  it.each(cases)('%s', (_name, patch, path, message) => {
    const issues = validateDeliveryConfig(withPatch(patch), 'prod.delivery');
    const issue = issues.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(formatIssue(issue!)).toMatch(message);
  });

  it('reports every problem at once, not just the first', () => {
    const issues = validateDeliveryConfig(
      withPatch({ cdn: { priceClass: 'PriceClass_50' }, migrations: { command: [], timeoutMinutes: 0 }, github: { owner: '' } }),
      'prod.delivery',
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'prod.delivery.cdn.priceClass',
      'prod.delivery.github.owner',
      'prod.delivery.migrations.command',
      'prod.delivery.migrations.timeoutMinutes',
    ]);
  });

  it('allows an empty command while migrations are off', () => {
    expect(validateDeliveryConfig(withPatch({ migrations: { enabled: false, command: [] } }), 'dev.delivery')).toEqual([]);
  });

  it('accepts a CDN with domain names and a us-east-1 certificate', () => {
    expect(validateDeliveryConfig(withPatch({ cdn: { domainNames: ['app.example.com'], certificateArn: CERT } }), 'prod.delivery')).toEqual(
      [],
    );
  });

  it('rejects a slice that is not an object', () => {
    expect(validateDeliveryConfig(null, 'prod.delivery')).toEqual([{ path: 'prod.delivery', value: null, expected: 'an object' }]);
  });
});

describe('validateOidcProviderOwnership', () => {
  const stage = (name: string, account: string, create: boolean) => ({
    stage: name,
    account,
    delivery: { ...DELIVERY_DEFAULTS.dev, createOidcProvider: create } as DeliveryConfig,
  });

  it('flags a second stage creating the provider in the same account', () => {
    const issues = validateOidcProviderOwnership([
      stage('dev', '111111111111', true),
      stage('staging', '111111111111', true),
      stage('prod', '222222222222', true),
    ]);
    expect(issues).toHaveLength(1);
    expect(formatIssue(issues[0])).toMatch(/^staging\.delivery\.createOidcProvider: got true; expected false: stage "dev" already creates/);
  });

  it('accepts one creator per account', () => {
    expect(
      validateOidcProviderOwnership([
        stage('dev', '111111111111', true),
        stage('staging', '111111111111', false),
        stage('prod', '222222222222', true),
      ]),
    ).toEqual([]);
  });
});
