/**
 * The stages this app deploys, in promotion order. Defined once, importing nothing, so every
 * config slice, script and test can name a stage without reaching for the whole StageConfig.
 */
export const STAGE_NAMES = ['dev', 'staging', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];
