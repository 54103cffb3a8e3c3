import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The feature flags and context of cdk.json, so tests synthesize the same templates `cdk synth`
 * does (flags change templates, e.g. weak cross-stack references), with Lambda bundling skipped.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] };
}
