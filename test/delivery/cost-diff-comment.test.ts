import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  COST_COMMENT_MARKER,
  diffRows,
  formatCostDiffComment,
  formatDelta,
  formatMoney,
  parseEstimate,
  readEstimates,
  StageCostEstimate,
} from '../../scripts/ci/cost-diff-comment';
import { estimate as estimateCost } from '../../scripts/cost/estimate';

const estimate = (stage: string, groups: Record<string, number>): StageCostEstimate => ({ stage, currency: 'USD', groups });

describe('formatCostDiffComment', () => {
  const before = [estimate('prod', { Database: 400, Compute: 120, Network: 65.5 }), estimate('dev', { Database: 15, Compute: 20 })];
  const after = [
    estimate('dev', { Database: 15, Compute: 20 }),
    estimate('prod', { Database: 800, Compute: 120, Network: 65.5, CDN: 12.25 }),
  ];
  const comment = formatCostDiffComment(before, after);

  it('starts with the marker the workflow uses to find and update the one comment', () => {
    expect(comment.startsWith(`${COST_COMMENT_MARKER}\n`)).toBe(true);
  });

  it('is a markdown table of stage, resource group, monthly before, after and delta, listing changed groups and every stage total', () => {
    const table = comment.split('\n').filter((line) => line.startsWith('|'));
    expect(table).toEqual([
      '| Stage | Resource group | Before (monthly) | After (monthly) | Delta |',
      '| --- | --- | ---: | ---: | ---: |',
      '| **dev** | **Total** | **$35.00** | **$35.00** | **$0.00** |',
      '| prod | CDN | $0.00 | $12.25 | +$12.25 |',
      '| prod | Database | $400.00 | $800.00 | +$400.00 (+100.0%) |',
      '| **prod** | **Total** | **$585.50** | **$997.75** | **+$412.25 (+70.4%)** |',
    ]);
    expect(comment).toContain('2 resource groups change.');
  });

  it('says so when nothing changes', () => {
    expect(formatCostDiffComment(before, before)).toContain('No resource group changes its estimated monthly cost.');
  });

  it('notes a stage main has no estimate for, counting it from zero', () => {
    const text = formatCostDiffComment([], [estimate('staging', { Compute: 10 })]);
    expect(text).toContain('| staging | Compute | $0.00 | $10.00 | +$10.00 |');
    expect(text).toContain('- `staging` has no estimate on main: "Before" counts as 0.');
  });

  it('escapes pipes in group names so the table holds', () => {
    expect(formatCostDiffComment([], [estimate('dev', { 'A|B': 1 })])).toContain('| dev | A\\|B |');
  });
});

describe('amounts', () => {
  it.each([
    [1234.5, '$1,234.50'],
    [-3.1, '-$3.10'],
    [0.004, '$0.00'],
  ])('formatMoney(%p) is %p', (amount, text) => expect(formatMoney(amount)).toBe(text));

  it.each([
    [100, 90, '-$10.00 (-10.0%)'],
    [0, 5, '+$5.00'],
    [5, 5.001, '$0.00'],
  ])('formatDelta(%p, %p) is %p', (before, after, text) => expect(formatDelta(before, after)).toBe(text));

  it('names a non-dollar currency', () => {
    expect(formatMoney(2, 'EUR')).toBe('EUR 2.00');
  });
});

describe('parseEstimate', () => {
  it('reads groups as a list with name/monthly or group/monthlyUsd, or as a map', () => {
    expect(
      parseEstimate(
        {
          stage: 'dev',
          groups: [
            { name: 'A', monthly: 1 },
            { group: 'B', monthlyUsd: 2 },
          ],
        },
        'f',
      ).groups,
    ).toEqual({ A: 1, B: 2 });
    expect(parseEstimate({ stage: 'dev', groups: { A: 1, B: { monthly: 2 } } }, 'f').groups).toEqual({ A: 1, B: 2 });
  });

  it('names the file and the expected shape when the JSON is not an estimate', () => {
    expect(() => parseEstimate({ groups: [] }, 'cost/dev.json')).toThrow(/^cost\/dev\.json: no "stage"; expected \{ "stage"/);
    expect(() => parseEstimate({ stage: 'dev', groups: [{ name: 'A', monthly: 'ten' }] }, 'f')).toThrow(/bad group/);
  });
});

describe('diffRows', () => {
  it('orders stages dev, staging, prod whatever order the files came in', () => {
    const rows = diffRows([], [estimate('prod', { X: 1 }), estimate('dev', { X: 1 }), estimate('staging', { X: 1 })]);
    expect(rows.map((r) => r.stage)).toEqual(['dev', 'staging', 'prod']);
  });
});

describe('readEstimates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cost-diff-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every json file of a directory and skips empty ones (a failed estimate on main)', () => {
    mkdirSync(path.join(dir, 'after'));
    writeFileSync(path.join(dir, 'after', 'dev.json'), JSON.stringify({ stage: 'dev', groups: [{ name: 'A', monthly: 3 }] }));
    writeFileSync(path.join(dir, 'after', 'prod.json'), '');
    expect(readEstimates(path.join(dir, 'after'))).toEqual([estimate('dev', { A: 3 })]);
  });

  it('treats a missing directory as no estimates', () => {
    expect(readEstimates(path.join(dir, 'nope'))).toEqual([]);
  });
});

describe('estimates straight from `npm run cost -- --json`', () => {
  // What the estimator writes: groups as { group, monthlyUsd: { min, max } }, and what it could not price.
  const costJson = (stage: string, resources: Record<string, { Type: string }>) =>
    JSON.parse(
      JSON.stringify({
        stage,
        ...estimateCost([{ stackName: `${stage}-network`, region: 'eu-west-1', template: { Resources: resources } }]),
      }),
    );
  const nat = { Nat: { Type: 'AWS::EC2::NatGateway' } };

  it('reads the ranges, planning with their upper end, and says so', () => {
    const parsed = parseEstimate(costJson('dev', nat), 'dev.json');
    expect(parsed.groups.Network).toBeCloseTo(730 * 0.048 + 100 * 0.048, 6);
    expect(parsed.ranged).toBe(true);
    expect(formatCostDiffComment([], [parsed])).toContain('upper end of each range');
  });

  it('calls a stage total partial and lists what was not priced', () => {
    const partial = parseEstimate(costJson('prod', { ...nat, Table: { Type: 'AWS::DynamoDB::Table' } }), 'prod.json');
    expect(partial.unpriced).toEqual([{ type: 'AWS::DynamoDB::Table', count: 1 }]);
    const comment = formatCostDiffComment([parseEstimate(costJson('prod', nat), 'main.json')], [partial]);
    expect(comment).toMatch(/\| \*\*prod\*\* \| \*\*Total \(partial\)\*\* \|/);
    expect(comment).toContain('- `prod` on this pull request: the total is partial; not priced: AWS::DynamoDB::Table × 1.');
    expect(comment).not.toContain('on main: the total is partial');
    expect(formatCostDiffComment([], [parseEstimate(costJson('prod', nat), 'f')])).toMatch(/\| \*\*prod\*\* \| \*\*Total\*\* \|/);
  });
});
