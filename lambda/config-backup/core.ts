import type { Stack } from '@aws-sdk/client-cloudformation';
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { Parameter } from '@aws-sdk/client-ssm';
import { type ConfigBackupResult, configKey, parameterPath } from './contract';
import { buildConfigDocument, canonicalJson, sha256Hex } from './document';

/** Where the stage's configuration is read from, with paging done. */
export interface ConfigSources {
  /** Every service on the cluster. */
  services(): Promise<Service[]>;
  taskDefinition(arn: string): Promise<TaskDefinition>;
  /** Parameters under the path, recursively, not decrypted. */
  parameters(path: string): Promise<Parameter[]>;
  /** Stacks (with outputs) whose names start with the prefix. */
  stacks(namePrefix: string): Promise<Stack[]>;
}

export interface StoredDocument {
  /** The `sha256` metadata of the stored object; absent on an object not written by this function. */
  readonly sha256?: string;
  readonly etag: string;
}

export interface ConfigStore {
  /** The stored document's hash and ETag; `undefined` when there is none yet. */
  head(key: string): Promise<StoredDocument | undefined>;
  /**
   * Writes only if the stored object is still the one seen (`expectedEtag`; `undefined`: still absent),
   * so two runs at once (schedule and deploy) cannot add two versions; `'conflict'` when it was not.
   */
  put(key: string, body: string, sha256: string, expectedEtag: string | undefined): Promise<{ versionId?: string } | 'conflict'>;
}

export interface ConfigBackupRequest {
  readonly stage: string;
  readonly project: string;
  readonly cluster: string;
  readonly stackNamePrefix: string;
}

/**
 * Reads the stage's configuration and stores it as a new version of `config/<stage>/latest.json`
 * only when its content differs from the stored one, so every version is a change. Nothing is
 * written when any part could not be read: a partial document would look like a deleted setting.
 */
export async function backupConfiguration(
  request: ConfigBackupRequest,
  sources: ConfigSources,
  store: ConfigStore,
): Promise<ConfigBackupResult> {
  const key = configKey(request.stage);
  let body: string;
  let counts: ConfigBackupResult['counts'];
  try {
    const [services, parameters, stacks] = await Promise.all([
      sources.services(),
      sources.parameters(parameterPath(request.project, request.stage)),
      sources.stacks(request.stackNamePrefix),
    ]);
    const inUse = [...new Set(services.flatMap((s) => (s.taskDefinition ? [s.taskDefinition] : [])))].sort();
    const taskDefinitions = await Promise.all(inUse.map((arn) => sources.taskDefinition(arn)));
    const matching = stacks.filter((s) => s.StackName?.startsWith(request.stackNamePrefix));
    body = canonicalJson(
      buildConfigDocument(
        { stage: request.stage, project: request.project, cluster: request.cluster },
        { services, taskDefinitions, parameters, stacks: matching },
      ),
    );
    counts = { services: services.length, taskDefinitions: taskDefinitions.length, parameters: parameters.length, stacks: matching.length };
  } catch (error) {
    return { succeeded: false, changed: false, key, reason: `Reading the configuration failed, nothing written: ${errorMessage(error)}` };
  }

  const sha256 = sha256Hex(body);
  try {
    const stored = await store.head(key);
    if (stored?.sha256 === sha256) return { succeeded: true, changed: false, key, sha256, counts };
    const written = await store.put(key, body, sha256, stored?.etag);
    if (written !== 'conflict')
      return { succeeded: true, changed: true, key, sha256, counts, ...(written.versionId ? { versionId: written.versionId } : {}) };
    // Another run wrote first: fine if it stored the same content, otherwise the next run settles it.
    const now = await store.head(key);
    return now?.sha256 === sha256
      ? { succeeded: true, changed: false, key, sha256, counts }
      : {
          succeeded: false,
          changed: false,
          key,
          sha256,
          counts,
          reason: 'Another run changed the stored configuration at the same time; not overwritten',
        };
  } catch (error) {
    return { succeeded: false, changed: false, key, sha256, counts, reason: `Storing the configuration failed: ${errorMessage(error)}` };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
