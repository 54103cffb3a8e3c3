import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCostReport } from '../../../lambda/cost-report/core';
import { renderHtml } from '../../../lambda/cost-report/render-html';
import type { CostReport } from '../../../lambda/cost-report/report';
import { CACHE, DAILY_PAGES, EC2, RDS, dataUnavailable } from './fixtures';
import { recordingDependencies } from './harness';
import { CHROMIUM, HEADLESS_FLAGS } from '../../../scripts/dashboard-preview/chromium';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chromium(dir: string, args: string[]): string {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run apt-get update && apt-get install -y chromium`);
  const profile = mkdtempSync(path.join(dir, 'profile-'));
  return execFileSync(CHROMIUM, [...HEADLESS_FLAGS, `--user-data-dir=${profile}`, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

describe('HTML cost report in headless Chromium', () => {
  let dir: string;
  let html: string;
  let report: CostReport;
  let dom: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cost-report-html-'));
    const { deps, recorded } = recordingDependencies(DAILY_PAGES, () => Promise.reject(dataUnavailable()), '2026-11-04T09:00:00Z');
    await runCostReport(
      { period: 'daily' },
      {
        stage: 'dev',
        bucket: 'reports-bucket',
        monthlyBudgetUsd: 150,
        region: 'eu-west-1',
        readerRoleArn: 'arn:aws:iam::111111111111:role/webapp-dev-cost-report-reader',
        reportRetentionDays: 35,
      },
      deps,
    );
    html = recorded.objects.get('reports/dev/cost/daily/2026-11-04.html')!.body;
    report = JSON.parse(recorded.objects.get('reports/dev/cost/daily/2026-11-04.json')!.body) as CostReport;
    writeFileSync(path.join(dir, 'report.html'), html);
    dom = chromium(dir, ['--dump-dom', `file://${path.join(dir, 'report.html')}`]);
  }, 90_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('draws one bar per service that cost something, labelled with the service, longest for the largest cost', () => {
    const bars = [...dom.matchAll(/<rect class="bar"[^>]*width="(\d+)"[^>]*data-service="([^"]+)"/g)].map((m) => ({
      width: Number(m[1]),
      service: m[2],
    }));
    expect(bars.map((b) => b.service)).toEqual([RDS, EC2, CACHE]);
    expect(bars[0].width).toBe(380);
    // 1.20 / 2.50 and 0.90 / 2.50 of the full width
    expect(bars[1].width).toBe(Math.round((1.2 / 2.5) * 380));
    expect(bars[2].width).toBe(Math.round((0.9 / 2.5) * 380));
    const labels = [...dom.matchAll(/<text class="label"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual([RDS, EC2, CACHE]);
  });

  it('shows totals, forecast method and the untagged bucket as text', () => {
    expect(dom).toContain('$11.70');
    expect(dom).toContain('Linear projection');
    expect(dom).toContain('(untagged)');
    expect(report.byService).toHaveLength(3);
  });

  it('shows the stage total amortized beside unblended', () => {
    expect(dom).toContain('<caption>Stage total: unblended and amortized</caption>');
    expect(dom).toContain('Amortized (Savings Plans and Reserved Instance fees spread over their term)</td><td>$11.45</td><td>$4.35</td>');
  });

  it('loads nothing from elsewhere', () => {
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import/i);
  });

  it('renders to a non-empty PNG screenshot', () => {
    const shot = path.join(dir, 'report.png');
    chromium(dir, [`--screenshot=${shot}`, '--window-size=1000,1400', `file://${path.join(dir, 'report.html')}`]);
    const png = readFileSync(shot);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // width and height from the IHDR chunk
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 1400]);
    expect(png.length).toBeGreaterThan(10_000);
  }, 90_000);

  it('escapes service names and draws no chart when nothing cost anything', () => {
    const odd = { ...report, byService: [{ ...report.byService[0], service: 'AWS <Odd> & "Co"' }] };
    expect(renderHtml(odd)).toContain('data-service="AWS &lt;Odd&gt; &amp; &quot;Co&quot;"');
    const free = { ...report, byService: report.byService.map((s) => ({ ...s, currentUsd: 0 })) };
    expect(renderHtml(free)).not.toContain('<rect');
    expect(renderHtml(free)).toContain('No cost in this period.');
  });
});
