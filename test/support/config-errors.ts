import { ConfigIssue, ConfigValidationError } from '../../lib/config/config-issue';

/**
 * The issues a config step refused with, or none when it passed; any other error is rethrown.
 * Imports nothing from aws-cdk-lib, so pure config tests stay fast.
 */
export function configIssuesOf(run: () => unknown): readonly ConfigIssue[] {
  return configError(run)?.issues ?? [];
}

/** The whole message a config step refused with (as bin/app.ts prints it), or '' when it passed. */
export function configErrorMessage(run: () => unknown): string {
  return configError(run)?.message ?? '';
}

function configError(run: () => unknown): ConfigValidationError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  return undefined;
}
