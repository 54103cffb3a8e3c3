import { ConfigIssue } from './config-issue';
import { integerIn, isBoolean, isObject, matches, oneOf, unknownKeys } from './checks';
import type { StageName } from './stage-name';

/** The GitHub repository whose workflows may deploy this stage. */
export interface GithubRepositoryConfig {
  /** Organisation or user that owns the repository, e.g. `example-org`. */
  readonly owner: string;
  /** Repository name without the owner, e.g. `stage-platform`. */
  readonly repo: string;
}

/** Database migrations run as a one-off ECS task before the API service is updated. */
export interface MigrationConfig {
  /** Run migrations at deploy time. */
  readonly enabled: boolean;
  /** Command override for the API container, e.g. `["npm", "run", "migrate"]`; non-empty when enabled. */
  readonly command: readonly string[];
  /** Minutes the migration task may run before the deploy fails (1 to 50: the whole deploy must fit in the CI role's one-hour session). */
  readonly timeoutMinutes: number;
}

export type CdnPriceClass = 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';

/** An optional CloudFront distribution in front of the ALB. */
export interface CdnConfig {
  readonly enabled: boolean;
  /** ACM certificate in us-east-1 for `domainNames`; required when domain names are set. @default none: the distribution's own `*.cloudfront.net` name */
  readonly certificateArn?: string;
  /** Alternate domain names users reach the stage at through CloudFront. @default none */
  readonly domainNames?: readonly string[];
  /** Path patterns CloudFront caches, e.g. `/static/*`; everything else goes to the ALB uncached. */
  readonly staticPathPatterns: readonly string[];
  /** Edge locations used; `PriceClass_100` is the cheapest (North America and Europe). */
  readonly priceClass: CdnPriceClass;
  /**
   * ID of the region's `com.amazonaws.global.cloudfront.origin-facing` managed prefix list. Synth
   * cannot look it up offline, so it comes from a table of known IDs; set it for a region the table lacks.
   * @default from the table in lib/constructs/delivery/private/cloudfront-prefix-lists.ts
   */
  readonly originPrefixListId?: string;
}

/** How changes reach a stage: CI access, migrations at deploy and the CDN. The API's deployment strategy is `api.deployment`. */
export interface DeliveryConfig {
  readonly github: GithubRepositoryConfig;
  /** Create the account's GitHub OIDC provider in this stage's stack. Only ONE stage per AWS account may set this. */
  readonly createOidcProvider: boolean;
  /** ARN of the account's existing GitHub OIDC provider. @default arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com */
  readonly existingOidcProviderArn?: string;
  readonly migrations: MigrationConfig;
  readonly cdn: CdnConfig;
  /**
   * Deploy the placeholder image (lib/config/images.ts) when no app image is given. false: synth
   * refuses without `-c apiImage` and `-c workerImage` unless `-c allowPlaceholderImages=true` says
   * the placeholder is wanted. With the placeholder, migrations are skipped (it has none to run).
   */
  readonly allowPlaceholderImages: boolean;
}

const GITHUB = { owner: 'example-org', repo: 'stage-platform' };
const MIGRATE = ['npm', 'run', 'migrate'];
const STATIC_PATHS = ['/static/*', '/assets/*', '*.js', '*.css'];

/**
 * The stage tables give each stage its own account, so each stage creates its account's OIDC
 * provider. Where two stages share an account, only one creates it (validateOidcProviderOwnership says which).
 */
export const DELIVERY_DEFAULTS: Readonly<Record<StageName, DeliveryConfig>> = {
  dev: {
    github: GITHUB,
    createOidcProvider: true,
    migrations: { enabled: true, command: MIGRATE, timeoutMinutes: 10 },
    cdn: { enabled: false, staticPathPatterns: STATIC_PATHS, priceClass: 'PriceClass_100' },
    allowPlaceholderImages: true,
  },
  staging: {
    github: GITHUB,
    createOidcProvider: true,
    migrations: { enabled: true, command: MIGRATE, timeoutMinutes: 20 },
    cdn: { enabled: false, staticPathPatterns: STATIC_PATHS, priceClass: 'PriceClass_100' },
    allowPlaceholderImages: false,
  },
  prod: {
    github: GITHUB,
    createOidcProvider: true,
    migrations: { enabled: true, command: MIGRATE, timeoutMinutes: 30 },
    cdn: { enabled: true, staticPathPatterns: STATIC_PATHS, priceClass: 'PriceClass_100' },
    allowPlaceholderImages: false,
  },
};

// GitHub's rules: owners are alphanumerics and single inner hyphens (max 39); repos use letters, digits, `.`, `_`, `-`.
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_REPO = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
const US_EAST_1_CERTIFICATE = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;
const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// CloudFront path patterns: up to 255 of these characters; `*` alone is the default behaviour, not a static path.
const PATH_PATTERN = /^(?!\*$)[A-Za-z0-9_\-.*$/~"'@:+&]{1,255}$/;
const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;
const PRICE_CLASSES: readonly CdnPriceClass[] = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'];
/** CloudFront allows 25 cache behaviours per distribution besides the default one. */
const MAX_STATIC_PATTERNS = 25;

/** Every problem in one stage's delivery slice, with paths under `path` (e.g. `prod.delivery`). */
export function validateDeliveryConfig(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const v = value as Record<string, unknown>;
  return [
    ...unknownKeys(v, path, ['github', 'createOidcProvider', 'existingOidcProviderArn', 'migrations', 'cdn', 'allowPlaceholderImages']),
    ...validateGithub(v.github, `${path}.github`),
    ...isBoolean(v.createOidcProvider, `${path}.createOidcProvider`),
    ...validateOidcProviderChoice(v, path),
    ...validateMigrations(v.migrations, `${path}.migrations`),
    ...validateCdn(v.cdn, `${path}.cdn`),
    ...isBoolean(v.allowPlaceholderImages, `${path}.allowPlaceholderImages`),
  ];
}

function validateGithub(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const v = value as Record<string, unknown>;
  return [
    ...unknownKeys(v, path, ['owner', 'repo']),
    ...matches(v.owner, `${path}.owner`, GITHUB_OWNER, 'a GitHub owner: letters, digits and single inner hyphens, at most 39 characters'),
    ...matches(
      v.repo,
      `${path}.repo`,
      GITHUB_REPO,
      'a GitHub repository name without the owner: letters, digits, ".", "_" or "-", at most 100 characters',
    ),
  ];
}

function validateOidcProviderChoice(v: Record<string, unknown>, path: string): ConfigIssue[] {
  const arn = v.existingOidcProviderArn;
  if (arn === undefined) return [];
  const arnPath = `${path}.existingOidcProviderArn`;
  if (v.createOidcProvider === true) {
    return [
      {
        path: arnPath,
        value: arn,
        expected: 'no existing provider ARN when createOidcProvider is true (either create the provider or use an existing one, not both)',
      },
    ];
  }
  return matches(
    arn,
    arnPath,
    OIDC_PROVIDER_ARN,
    'the ARN of a GitHub OIDC provider, arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com',
  );
}

function validateMigrations(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const v = value as Record<string, unknown>;
  const command = v.command;
  const commandOk = Array.isArray(command) && command.every((part) => typeof part === 'string' && part.trim().length > 0);
  const commandIssues: ConfigIssue[] = !commandOk
    ? [{ path: `${path}.command`, value: command, expected: 'a list of non-empty strings, e.g. ["npm", "run", "migrate"]' }]
    : v.enabled === true && command.length === 0
      ? [
          {
            path: `${path}.command`,
            value: command,
            expected: 'a non-empty command while migrations are enabled, e.g. ["npm", "run", "migrate"]',
          },
        ]
      : [];
  return [
    ...unknownKeys(v, path, ['enabled', 'command', 'timeoutMinutes']),
    ...isBoolean(v.enabled, `${path}.enabled`),
    ...commandIssues,
    ...integerIn(v.timeoutMinutes, `${path}.timeoutMinutes`, 1, 50),
  ];
}

function validateCdn(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const v = value as Record<string, unknown>;
  return [
    ...unknownKeys(v, path, ['enabled', 'certificateArn', 'domainNames', 'staticPathPatterns', 'priceClass', 'originPrefixListId']),
    ...isBoolean(v.enabled, `${path}.enabled`),
    ...optional(v.certificateArn, () =>
      matches(
        v.certificateArn,
        `${path}.certificateArn`,
        US_EAST_1_CERTIFICATE,
        'an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from us-east-1)',
      ),
    ),
    ...optional(v.domainNames, () =>
      listOf(v.domainNames, `${path}.domainNames`, HOSTNAME, 'lower-case DNS names such as "app.example.com"', 1, 100),
    ),
    ...validateCertificateNeed(v, path),
    ...listOf(
      v.staticPathPatterns,
      `${path}.staticPathPatterns`,
      PATH_PATTERN,
      'CloudFront path patterns such as "/static/*" or "*.css" (not "*", which is the default behaviour)',
      0,
      MAX_STATIC_PATTERNS,
    ),
    ...oneOf(v.priceClass, `${path}.priceClass`, PRICE_CLASSES),
    ...optional(v.originPrefixListId, () =>
      matches(v.originPrefixListId, `${path}.originPrefixListId`, PREFIX_LIST_ID, 'a managed prefix list ID such as "pl-4fa04526"'),
    ),
  ];
}

/** CloudFront serves alternate domain names only with a certificate for them, and a certificate only with domain names. */
function validateCertificateNeed(v: Record<string, unknown>, path: string): ConfigIssue[] {
  const hasDomains = Array.isArray(v.domainNames) && v.domainNames.length > 0;
  if (v.enabled === true && hasDomains && v.certificateArn === undefined) {
    return [
      {
        path: `${path}.certificateArn`,
        value: undefined,
        expected: 'an ACM certificate ARN in us-east-1 covering cdn.domainNames (required when the CDN is enabled with domain names)',
      },
    ];
  }
  if (v.certificateArn !== undefined && !hasDomains) {
    return [
      {
        path: `${path}.domainNames`,
        value: v.domainNames,
        expected: 'the domain names the certificate covers (a certificate without domain names is never used)',
      },
    ];
  }
  return [];
}

function optional(value: unknown, check: () => ConfigIssue[]): ConfigIssue[] {
  return value === undefined ? [] : check();
}

function listOf(value: unknown, path: string, pattern: RegExp, what: string, min: number, max: number): ConfigIssue[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    return [{ path, value, expected: `a list of ${min} to ${max} ${what}` }];
  }
  const seen = new Set<unknown>();
  return value.flatMap((item, index) => {
    const issues = matches(item, `${path}[${index}]`, pattern, what);
    if (issues.length === 0 && seen.has(item))
      return [{ path: `${path}[${index}]`, value: item, expected: 'each entry once (this one is repeated)' }];
    seen.add(item);
    return issues;
  });
}

/** One stage's account and delivery slice, for the checks that look across stages. */
export interface StageDelivery {
  readonly stage: string;
  readonly account: string;
  readonly delivery: DeliveryConfig;
}

/**
 * The GitHub OIDC provider a stage's CI roles trust must exist in the stage's own account: IAM
 * refuses a role whose trust policy names a provider that does not exist, and a role can trust only
 * a provider of its own account. So each account needs exactly one stage that creates it, unless a
 * stage names the account's existing provider (made outside this app). An account holds only one
 * provider per URL, so a second creator would fail its deploy with "provider already exists".
 */
export function validateOidcProviderOwnership(stages: readonly StageDelivery[]): ConfigIssue[] {
  const creators = new Map<string, string[]>();
  for (const { stage, account, delivery } of stages) {
    if (delivery.createOidcProvider) creators.set(account, [...(creators.get(account) ?? []), stage]);
  }
  const duplicates = [...creators.entries()]
    .filter(([, names]) => names.length > 1)
    .flatMap(([account, names]) =>
      names.slice(1).map((stage) => ({
        path: `${stage}.delivery.createOidcProvider`,
        value: true,
        expected: `false: stage "${names[0]}" already creates the OIDC provider of account ${account}, and an account holds only one`,
      })),
    );
  return [...duplicates, ...stages.flatMap((s) => providerPresenceIssues(s, creators))];
}

function providerPresenceIssues(
  { stage, account, delivery }: StageDelivery,
  creators: ReadonlyMap<string, readonly string[]>,
): ConfigIssue[] {
  if (delivery.createOidcProvider) return [];
  const arn = delivery.existingOidcProviderArn;
  if (arn !== undefined) {
    const owner = /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
    return owner === undefined || owner === account
      ? []
      : [
          {
            path: `${stage}.delivery.existingOidcProviderArn`,
            value: arn,
            expected: `a provider of the stage's own account ${account} (this one is in ${owner}; a role can trust only a provider of its own account)`,
          },
        ];
  }
  if (creators.has(account)) return [];
  return [
    {
      path: `${stage}.delivery.createOidcProvider`,
      value: false,
      expected: `true: no stage of account ${account} creates its GitHub OIDC provider, and IAM refuses the CI roles without it. If the account already has one (made outside this app), set ${stage}.delivery.existingOidcProviderArn to arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com instead`,
    },
  ];
}
