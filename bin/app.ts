#!/usr/bin/env node
// The only place that reads CDK context: everything below takes typed, validated config.
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import type { Platform } from '../lib/app';
import { ConfigValidationError } from '../lib/config/config-issue';
import { ResolvedStages, resolveStages } from '../lib/config/resolve';

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === '' ? undefined : String(value);
};
// Images keep a blank value: `-c apiImage=` is an unset CI variable, which config refuses, not "no image".
const imageContext = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return value === undefined ? undefined : String(value);
};

function readOverrides(file: string | undefined): unknown {
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(
      `configFile: cannot read ${JSON.stringify(file)} (${(error as Error).message}); pass an existing JSON file with -c configFile=<path>`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`configFile: ${JSON.stringify(file)} is not valid JSON (${(error as Error).message}); expected { "<stage>": { ...settings... } }`);
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let resolved: ResolvedStages;
try {
  resolved = resolveStages({
    overrides: readOverrides(context('configFile')),
    stage: context('stage'),
    apiImage: imageContext('apiImage'),
    workerImage: imageContext('workerImage'),
    allowPlaceholderImages: context('allowPlaceholderImages'),
    account: context('account'),
    region: context('region'),
  });
} catch (error) {
  if (error instanceof ConfigValidationError) fail(error.message);
  throw error;
}
// Loaded only once the config holds: a refused config exits without loading every construct (about a second).
const { buildResolvedPlatform } = require('../lib/app') as typeof import('../lib/app');
const platform: Platform = buildResolvedPlatform(app, resolved);
// One line per stage left out or running the placeholder image, so nobody mistakes it for the app.
for (const notice of platform.notices) process.stderr.write(`${notice}\n`);
for (const { services } of platform.stages.values()) {
  if (services.placeholderNotice) process.stderr.write(`${services.placeholderNotice}\n`);
}
app.synth();
