import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type CfnTemplate, type FoundDashboard, findDashboards } from './dashboard-preview/body';
import { screenshot } from './dashboard-preview/chromium';
import { renderDashboardHtml } from './dashboard-preview/html';
import { type CliIo, exitWith, processIo, progress, requireStage, runCli, UsageError } from './support/cli';
import { DEFAULT_ASSEMBLY_DIR, ensureAssembly, REPO_ROOT, type Synthesize } from './support/fresh-assembly';

/**
 * Picture of a stage's dashboard from the synthesized template (widget grid, titles, units,
 * thresholds; no data), for reviews and, with --refresh-docs, for docs/operations.md.
 */

const PAGE_WIDTH_PX = 1600;
/** Where pictures go unless the checked-in one is asked for; in .gitignore. */
export const PREVIEW_DIR = '.preview';

export const USAGE = `Usage: npm run dashboard -- --stage <stage> [--refresh-docs | --out <png>] [--template <file>] [--skip-synth]

Draws the stage's CloudWatch dashboard from its synthesized template into ${PREVIEW_DIR}/dashboard-<stage>.png
(ignored by git). Synthesizes cdk.out first when it is missing, lacks the stage, or is older than the code.
Needs /usr/bin/chromium.

Options:
  --stage <stage>      dev, staging or prod
  --refresh-docs       write the checked-in picture docs/dashboard-<stage>.png instead (commit it)
  --out <png>          write here instead
  --template <file>    read this template instead of cdk.out/<stage>-monitoring.template.json (never synthesized)
  --skip-synth         read cdk.out as it is, even when older than the code
  -h, --help           this text`;

const OPTIONS = {
  stage: { type: 'string' },
  template: { type: 'string' },
  out: { type: 'string' },
  'refresh-docs': { type: 'boolean' },
  'skip-synth': { type: 'boolean' },
} as const;

export interface PreviewOptions {
  readonly stage: string;
  readonly template: string;
  readonly out: string;
  /** The template is the default one in cdk.out, kept current by a synth. */
  readonly fromAssembly: boolean;
  readonly skipSynth: boolean;
}

/** Options from parsed values; throws UsageError for an unknown stage or conflicting flags. */
export function previewOptions(values: {
  stage?: string;
  template?: string;
  out?: string;
  'refresh-docs'?: boolean;
  'skip-synth'?: boolean;
}): PreviewOptions {
  const stage = requireStage(values.stage);
  if (values.out !== undefined && values['refresh-docs']) throw new UsageError('--out and --refresh-docs exclude each other');
  const out = values.out ?? (values['refresh-docs'] ? `docs/dashboard-${stage}.png` : `${PREVIEW_DIR}/dashboard-${stage}.png`);
  return {
    stage,
    template: values.template ?? `${DEFAULT_ASSEMBLY_DIR}/${stage}-monitoring.template.json`,
    out,
    fromAssembly: values.template === undefined,
    skipSynth: values['skip-synth'] === true,
  };
}

/** The stage's dashboard: the only one, or the one whose name starts with the stage. */
export function pickDashboard(dashboards: readonly FoundDashboard[], stage: string): FoundDashboard {
  const candidates = dashboards.length === 1 ? dashboards : dashboards.filter((d) => d.name.startsWith(`${stage}-`));
  if (candidates.length !== 1) {
    throw new Error(
      `Expected one dashboard for stage "${stage}", found ${candidates.length} (${dashboards.map((d) => d.name).join(', ') || 'none'}).`,
    );
  }
  return candidates[0];
}

export interface PreviewDependencies {
  readonly synthesize?: Synthesize;
  readonly screenshot?: typeof screenshot;
  /** Folder relative paths are resolved against. @default the repository root */
  readonly cwd?: string;
}

export function main(argv: readonly string[], io: CliIo = processIo, deps: PreviewDependencies = {}): Promise<number> {
  return runCli({ usage: USAGE, options: OPTIONS }, argv, io, ({ values }) => {
    const options = previewOptions(values);
    const cwd = deps.cwd ?? REPO_ROOT;
    const step = progress(io, options.stage);
    if (options.fromAssembly)
      ensureAssembly({
        dir: path.resolve(cwd, DEFAULT_ASSEMBLY_DIR),
        stage: options.stage,
        skipSynth: options.skipSynth,
        progress: step,
        synthesize: deps.synthesize,
      });
    const templateFile = path.resolve(cwd, options.template);
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as CfnTemplate;
    const dashboard = pickDashboard(findDashboards(template), options.stage);
    step(`drawing ${dashboard.body.widgets.length} widgets of ${dashboard.name}…`);
    const { html, height } = renderDashboardHtml(dashboard.name, dashboard.body.widgets, PAGE_WIDTH_PX);
    const workDir = mkdtempSync(path.join(tmpdir(), 'dashboard-preview-'));
    const out = path.resolve(cwd, options.out);
    try {
      const htmlFile = path.join(workDir, 'dashboard.html');
      writeFileSync(htmlFile, html);
      mkdirSync(path.dirname(out), { recursive: true });
      (deps.screenshot ?? screenshot)(htmlFile, out, PAGE_WIDTH_PX, height);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    io.out(`Wrote ${options.out} (${dashboard.body.widgets.length} widgets of ${dashboard.name}, ${PAGE_WIDTH_PX}×${height} px)`);
    return 0;
  });
}

if (require.main === module) exitWith(main(process.argv.slice(2)));
