import { ConfigIssue, ConfigValidationError } from './config-issue';
import { validateOidcProviderOwnership } from './delivery';
import { blankImageIssues, placeholderImageIssues } from './images';
import { deepMerge, FORBIDDEN_KEYS, forbiddenKeyIssues } from './merge';
import { STAGES } from './stages';
import { STAGE_NAMES, StageName } from './stage-name';
import { StageConfig } from './types';
import { validateStageConfig } from './validate';

/** Everything that can change the stage tables at synth time; `bin/` fills it from context. */
export interface ConfigInputs {
  /** Parsed override file: `{ "<stage>": { ...partial config... } }`. */
  readonly overrides?: unknown;
  /** Limit synthesis to one stage. @default all stages */
  readonly stage?: string;
  /**
   * API image URI (replaces the default image and its command; the configured `image.user` is kept).
   * A blank string is refused: pass `undefined` when no image was given.
   */
  readonly apiImage?: string;
  readonly workerImage?: string;
  /**
   * `"true"` allows the placeholder image in every selected stage (sets `delivery.allowPlaceholderImages`),
   * `"false"` refuses it everywhere. @default each stage's `delivery.allowPlaceholderImages`
   */
  readonly allowPlaceholderImages?: string;
  /** Deploy-time account / region for the selected stage; need `stage`. */
  readonly account?: string;
  readonly region?: string;
}

/** The stages to synthesize, and a line for each stage left out and why. */
export interface ResolvedStages {
  readonly configs: StageConfig[];
  readonly notices: readonly string[];
}

/**
 * Builds the validated configs of the selected stages: the stage tables, deep-merged with the
 * override file, then context values, then validated. Throws one ConfigValidationError listing
 * every issue in every stage, so nothing is synthesized from a half-valid config.
 */
export function resolveStageConfigs(inputs: ConfigInputs = {}): StageConfig[] {
  return resolveStages(inputs).configs;
}

/**
 * As resolveStageConfigs, and: a plain `cdk synth` (no stage, no image, no placeholder flag) leaves
 * out the stages that refuse the placeholder image, with a notice, instead of failing. Nothing is
 * deployable from such a synth but the stages that allow the placeholder: `cdk deploy "prod-*"`
 * matches no stack. Selecting the stage (`-c stage=prod`) without images is an error.
 */
export function resolveStages(inputs: ConfigInputs = {}): ResolvedStages {
  const issues: ConfigIssue[] = [...checkInputs(inputs)];
  const notices: string[] = [];
  const plainSynth =
    inputs.stage === undefined &&
    inputs.apiImage === undefined &&
    inputs.workerImage === undefined &&
    inputs.allowPlaceholderImages === undefined;
  const selected = inputs.stage && STAGE_NAMES.includes(inputs.stage as StageName) ? [inputs.stage as StageName] : STAGE_NAMES;
  const configs = selected.flatMap((stage) => {
    let merged = deepMerge(STAGES[stage], (inputs.overrides as Record<string, unknown> | undefined)?.[stage]);
    merged = deepMerge(merged, contextOverride(inputs));
    // A stage left out is still validated: an override file's mistakes show whatever is synthesized.
    issues.push(...validateStageConfig(stage, merged));
    const placeholder = placeholderImageIssues(stage, merged);
    if (plainSynth && placeholder.length > 0) {
      notices.push(
        `${stage}: not synthesized: it needs app images (-c stage=${stage} -c apiImage=<uri> -c workerImage=<uri>), or -c allowPlaceholderImages=true to synthesize the placeholder`,
      );
      return [];
    }
    issues.push(...placeholder);
    return [merged as StageConfig];
  });
  if (issues.length === 0) {
    issues.push(...oidcProviderIssues(configs, inputs.overrides));
  }
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return { configs, notices };
}

/**
 * Which stage creates each account's GitHub OIDC provider is a question across stages: a stage
 * deployed alone (`-c stage=staging`) may rely on another stage of its account. So the stages not
 * selected count too, from their tables and the override file; only the selected ones get issues.
 */
function oidcProviderIssues(selected: readonly StageConfig[], overrides: unknown): ConfigIssue[] {
  const every = STAGE_NAMES.map(
    (stage) =>
      selected.find((c) => c.stage === stage) ??
      (deepMerge(STAGES[stage], (overrides as Record<string, unknown> | undefined)?.[stage]) as StageConfig),
  );
  const issues = validateOidcProviderOwnership(
    every
      .filter((c) => typeof c.env?.account === 'string' && typeof c.delivery === 'object' && c.delivery !== null)
      .map((c) => ({ stage: c.stage, account: c.env.account, delivery: c.delivery })),
  );
  return issues.filter((issue) => selected.some((c) => issue.path.startsWith(`${c.stage}.`)));
}

/** Context values as a partial config; an image URI drops the default image's command but keeps its `user`. */
function contextOverride(inputs: ConfigInputs): unknown {
  return {
    ...(inputs.apiImage ? { api: { image: { uri: inputs.apiImage, command: null } } } : {}),
    ...(inputs.workerImage ? { worker: { image: { uri: inputs.workerImage, command: null } } } : {}),
    ...(placeholderFlag(inputs) !== undefined ? { delivery: { allowPlaceholderImages: placeholderFlag(inputs) } } : {}),
    ...(inputs.account || inputs.region
      ? { env: { ...(inputs.account ? { account: inputs.account } : {}), ...(inputs.region ? { region: inputs.region } : {}) } }
      : {}),
  };
}

/** `-c allowPlaceholderImages=true|false` as a boolean; undefined when absent or not one of the two. */
function placeholderFlag(inputs: ConfigInputs): boolean | undefined {
  return inputs.allowPlaceholderImages === 'true' ? true : inputs.allowPlaceholderImages === 'false' ? false : undefined;
}

function checkInputs(inputs: ConfigInputs): ConfigIssue[] {
  const issues: ConfigIssue[] = [...blankImageIssues(inputs)];
  const flag = inputs.allowPlaceholderImages;
  if (flag !== undefined && placeholderFlag(inputs) === undefined) {
    issues.push({
      path: 'context allowPlaceholderImages',
      value: flag,
      expected: 'true or false (true deploys the placeholder image where no -c apiImage / -c workerImage is given)',
    });
  }
  const stages = STAGE_NAMES.join(', ');
  if (inputs.stage !== undefined && !STAGE_NAMES.includes(inputs.stage as StageName)) {
    issues.push({ path: 'context stage', value: inputs.stage, expected: `one of ${stages}` });
  }
  if ((inputs.account || inputs.region) && !inputs.stage) {
    issues.push({
      path: 'context account/region',
      value: inputs.account ?? inputs.region,
      expected: 'to be given with -c stage=<name>: an account belongs to one stage',
    });
  }
  const overrides = inputs.overrides;
  if (overrides !== undefined) {
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
      issues.push({ path: 'configFile', value: overrides, expected: `an object keyed by stage name (${stages})` });
    } else {
      issues.push(...forbiddenKeyIssues(overrides, 'configFile'));
      for (const [key, value] of Object.entries(overrides)) {
        if (FORBIDDEN_KEYS.includes(key)) continue;
        if (!STAGE_NAMES.includes(key as StageName))
          issues.push({ path: `configFile.${key}`, value, expected: `a stage name: one of ${stages}` });
        else if (typeof value !== 'object' || value === null || Array.isArray(value))
          issues.push({ path: `configFile.${key}`, value, expected: 'an object of settings to override' });
      }
    }
  }
  return issues;
}
