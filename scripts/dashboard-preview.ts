import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CfnTemplate, findDashboards, FoundDashboard } from './dashboard-preview/body';
import { screenshot } from './dashboard-preview/chromium';
import { renderDashboardHtml } from './dashboard-preview/html';

/**
 * Picture of a stage's dashboard from the synthesized template, for docs/operations.md and reviews:
 *   tsx scripts/dashboard-preview.ts --stage prod [--template cdk.out/prod-monitoring.template.json] [--out docs/dashboard-prod.png]
 * Run `npx cdk synth` first. Needs /usr/bin/chromium.
 */

const PAGE_WIDTH_PX = 1600;

export interface PreviewOptions {
  readonly stage: string;
  readonly template: string;
  readonly out: string;
}

export function previewOptions(argv: readonly string[]): PreviewOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { stage: { type: 'string' }, template: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  if (!values.stage) throw new Error('Usage: tsx scripts/dashboard-preview.ts --stage <stage> [--template <file>] [--out <png>]');
  return {
    stage: values.stage,
    template: values.template ?? `cdk.out/${values.stage}-monitoring.template.json`,
    out: values.out ?? `docs/dashboard-${values.stage}.png`,
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

function main(): void {
  const options = previewOptions(process.argv.slice(2));
  const template = JSON.parse(readFileSync(options.template, 'utf8')) as CfnTemplate;
  const dashboard = pickDashboard(findDashboards(template), options.stage);
  const { html, height } = renderDashboardHtml(dashboard.name, dashboard.body.widgets, PAGE_WIDTH_PX);
  const workDir = mkdtempSync(path.join(tmpdir(), 'dashboard-preview-'));
  try {
    const htmlFile = path.join(workDir, 'dashboard.html');
    writeFileSync(htmlFile, html);
    mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    screenshot(htmlFile, options.out, PAGE_WIDTH_PX, height);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`Wrote ${options.out} (${dashboard.body.widgets.length} widgets of ${dashboard.name}, ${PAGE_WIDTH_PX}×${height} px)`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
