import type { ConfigDocument, Json } from '../../lambda/config-backup/document';
import { RecoverInputError } from './recover-error';

/** What a rebuild takes from the stage's newest configuration backup (lambda/config-backup writes it). */
export interface RecordedStage {
  readonly stage: string;
  readonly project: string;
  /** Account and region the backup was taken in (from the cluster's ARN): the region that was lost. */
  readonly account: string;
  readonly region: string;
  /** Image URIs the running services used, by container name (`api`, `worker`). */
  readonly images: { readonly api?: string; readonly worker?: string };
  /** Secrets the containers read: container, variable name and the ARN it came from. */
  readonly containerSecrets: ReadonlyArray<{ readonly container: string; readonly name: string; readonly valueFrom: string }>;
  /** SSM parameters under `/<project>/<stage>/`, with their values where the backup keeps them (not SecureStrings). */
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly type: string; readonly value?: string }>;
  /** Names of the stage's stacks that existed when it was taken. */
  readonly stacks: readonly string[];
}

type JsonObject = { readonly [key: string]: Json };
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const arrayOf = (value: unknown): readonly Json[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The ECS cluster ARN's region and account: `arn:<partition>:ecs:<region>:<account>:cluster/<name>`. */
const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):cluster\/.+$/;

/**
 * Reads the document (`config/<stage>/latest.json`) and checks it is one: format 1, the expected
 * stage, a cluster ARN. `source` names the file or object in messages.
 */
export function readRecordedStage(body: string, source: string, expectedStage: string): RecordedStage {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    throw new RecoverInputError([`--config-backup: ${source} is not JSON (${(error as Error).message})`]);
  }
  const problems: string[] = [];
  if (!isObject(document)) throw new RecoverInputError([`--config-backup: ${source} holds no configuration document (an object)`]);
  const doc = document as unknown as ConfigDocument;
  if (doc.formatVersion !== 1)
    problems.push(`--config-backup: ${source} has formatVersion ${JSON.stringify(doc.formatVersion)}, expected 1`);
  if (doc.stage !== expectedStage)
    problems.push(`--config-backup: ${source} is a backup of stage ${JSON.stringify(doc.stage)}, not of --stage ${expectedStage}`);
  const cluster = CLUSTER_ARN.exec(String(doc.cluster));
  if (!cluster) problems.push(`--config-backup: ${source} has no ECS cluster ARN in "cluster" (found ${JSON.stringify(doc.cluster)})`);
  if (problems.length > 0) throw new RecoverInputError(problems);

  const containers = arrayOf(doc.taskDefinitions).flatMap((definition) => (isObject(definition) ? arrayOf(definition.containers) : []));
  const imageOf = (name: string) => {
    const images = [
      ...new Set(containers.filter((c) => isObject(c) && c.name === name).flatMap((c) => text((c as JsonObject).image) ?? [])),
    ];
    if (images.length > 1)
      problems.push(
        `--config-backup: ${source} records ${images.length} different "${name}" images (${images.join(', ')}); a backup taken mid-deploy: pass the image to run with --${name}-image`,
      );
    return images[0];
  };
  const images = { api: imageOf('api'), worker: imageOf('worker') };
  if (problems.length > 0) throw new RecoverInputError(problems);
  const seen = new Set<string>();
  const containerSecrets = containers
    .flatMap((c) =>
      isObject(c) && text(c.name)
        ? arrayOf(c.secrets).flatMap((secret) =>
            isObject(secret) && text(secret.name) && text(secret.valueFrom)
              ? [{ container: c.name as string, name: secret.name as string, valueFrom: secret.valueFrom as string }]
              : [],
          )
        : [],
    )
    .filter((secret) => !seen.has(`${secret.container}/${secret.name}`) && seen.add(`${secret.container}/${secret.name}`));
  const parameters = arrayOf(doc.parameters).flatMap((p) =>
    isObject(p) && text(p.name)
      ? [{ name: p.name as string, type: text(p.type) ?? 'String', ...(typeof p.value === 'string' ? { value: p.value } : {}) }]
      : [],
  );
  const stacks = arrayOf(doc.stacks).flatMap((s) => (isObject(s) && text(s.stackName) ? [s.stackName as string] : []));
  return {
    stage: doc.stage,
    project: doc.project,
    account: cluster![2],
    region: cluster![1],
    images,
    containerSecrets,
    parameters,
    stacks,
  };
}
