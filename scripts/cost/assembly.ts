import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { CfnTemplate, StackTemplate } from './template';

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly directoryName?: string };
}

interface Manifest {
  readonly artifacts?: Record<string, ManifestArtifact>;
}

/** `aws://111111111111/eu-west-1` → `eu-west-1`; environment-agnostic stacks fall back. */
function regionOf(environment: string | undefined, fallback: string): string {
  const region = environment?.split('/').pop();
  return region && region !== 'unknown-region' ? region : fallback;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * Every stack template of a cloud assembly (`cdk.out`), nested stages included, with its stack name and
 * region from manifest.json; without a manifest, every `*.template.json` named after its stack.
 */
export function readAssembly(dir: string, fallbackRegion: string): StackTemplate[] {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: run \`npx cdk synth\` first, or pass --out <dir>.`);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => ({
        stackName: f.replace(/\.template\.json$/, ''),
        region: fallbackRegion,
        template: readJson<CfnTemplate>(path.join(dir, f)),
      }));
  }
  return Object.entries(readJson<Manifest>(manifestFile).artifacts ?? {}).flatMap(([id, artifact]): StackTemplate[] => {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName)
      return readAssembly(path.join(dir, artifact.properties.directoryName), fallbackRegion);
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) return [];
    return [
      {
        stackName: artifact.properties.stackName ?? id,
        region: regionOf(artifact.environment, fallbackRegion),
        template: readJson<CfnTemplate>(path.join(dir, artifact.properties.templateFile)),
      },
    ];
  });
}

/** The stacks of one stage: their names start with `<stage>-`. */
export function stageStacks(stacks: readonly StackTemplate[], stage: string): StackTemplate[] {
  return stacks.filter((s) => s.stackName.startsWith(`${stage}-`));
}
