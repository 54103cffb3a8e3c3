import type { ConfigIssue } from './config-issue';

/** `nobody:nogroup`: a user with no files of its own, which any image can run as. */
export const NON_ROOT_USER = '65534:65534';

/**
 * The placeholder image: a tiny public HTTP server (traefik/whoami, a static binary in a scratch
 * image, multi-arch) that answers any path, `/health` included, with 200 on `--port`. It lets a
 * first dev deploy come up healthy before CI passes real images with -c apiImage / -c workerImage.
 * It writes nothing, so it runs as a uid it does not define with a read-only root filesystem.
 */
export const DEFAULT_IMAGE = { uri: 'docker.io/traefik/whoami:v1.11', command: ['--port=8080'], user: NON_ROOT_USER } as const;

/** True when the image is the placeholder, which can serve the health check but cannot run migrations. */
export function isPlaceholderImage(image: { readonly uri: string }): boolean {
  return image.uri === DEFAULT_IMAGE.uri;
}

const FIX = 'pass -c apiImage=<uri> -c workerImage=<uri>, or -c allowPlaceholderImages=true to deploy the placeholder on purpose';

/**
 * A stage whose `delivery.allowPlaceholderImages` is false refuses the placeholder image, so a
 * deploy without images (or with a CI variable that came out empty) never ships it silently.
 * Reads the merged, not yet validated config, so it runs beside validation and all issues show at once.
 */
export function placeholderImageIssues(stage: string, config: unknown): ConfigIssue[] {
  const c = config as
    | { delivery?: { allowPlaceholderImages?: unknown }; api?: { image?: { uri?: unknown } }; worker?: { image?: { uri?: unknown } } }
    | undefined;
  if (c?.delivery?.allowPlaceholderImages !== false) return [];
  return (['api', 'worker'] as const)
    .filter((service) => c[service]?.image?.uri === DEFAULT_IMAGE.uri)
    .map((service) => ({
      path: `${stage}.${service}.image.uri`,
      value: DEFAULT_IMAGE.uri,
      expected: `an app image, not the placeholder (${stage}.delivery.allowPlaceholderImages is false): ${FIX}`,
    }));
}

/** `-c apiImage=` / `-c workerImage=` given but blank: a CI variable that came out empty, never "use the placeholder". */
export function blankImageIssues(inputs: { readonly apiImage?: string; readonly workerImage?: string }): ConfigIssue[] {
  return (['apiImage', 'workerImage'] as const)
    .filter((key) => inputs[key] !== undefined && inputs[key]!.trim() === '')
    .map((key) => ({
      path: `context ${key}`,
      value: inputs[key],
      expected: `an image URI (-c ${key}=<uri>); a blank value is refused because it usually means an unset CI variable. Leave the key out to run the placeholder image where the stage allows it`,
    }));
}
