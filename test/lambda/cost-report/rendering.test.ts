import { change, describeRange, money } from '../../../lambda/cost-report/format';
import { renderCsv } from '../../../lambda/cost-report/render-csv';
import { costChart, escapeHtml, renderHtml } from '../../../lambda/cost-report/render-html';
import type { CostReport } from '../../../lambda/cost-report/report';
import { summarySubject, summaryText } from '../../../lambda/cost-report/summary';

// What a reader of the cost report sees, character for character: the amounts, the CSV a finance
// tool imports, the email summary and the HTML page.

const REPORT: CostReport = {
  stage: 'dev',
  period: 'weekly',
  generatedAt: '2026-11-14T06:00:00.000Z',
  currency: 'USD',
  monthToDate: { start: '2026-11-01', end: '2026-11-14' },
  current: { start: '2026-11-07', end: '2026-11-14' },
  previous: { start: '2026-10-31', end: '2026-11-07' },
  estimated: true,
  estimatedDates: ['2026-11-13'],
  total: { monthToDateUsd: 1234.5, currentUsd: 700, previousUsd: 600, changeUsd: 100, changePercent: 16.666 },
  amortizedTotal: { monthToDateUsd: 1100.25, currentUsd: 640, previousUsd: 560, changeUsd: 80, changePercent: 14.29 },
  byService: [
    {
      service: 'Amazon Relational Database Service',
      monthToDateUsd: 800,
      currentUsd: 500,
      previousUsd: 400,
      changeUsd: 100,
      changePercent: 25,
    },
    { service: 'Amazon "Elastic", Compute', monthToDateUsd: 434.5, currentUsd: 200, previousUsd: 200, changeUsd: 0, changePercent: 0 },
    { service: 'AWS Free', monthToDateUsd: 0, currentUsd: 0, previousUsd: 0, changeUsd: 0, changePercent: null },
  ],
  byTag: [
    { tag: 'dev', monthToDateUsd: 1234.5, currentUsd: 700, previousUsd: 600, changeUsd: 100, changePercent: 16.666 },
    { tag: '(untagged)', monthToDateUsd: 12.25, currentUsd: 3, previousUsd: 4, changeUsd: -1, changePercent: -25 },
  ],
  topMovers: [
    {
      service: 'Amazon Relational Database Service',
      monthToDateUsd: 800,
      currentUsd: 500,
      previousUsd: 400,
      changeUsd: 100,
      changePercent: 25,
    },
  ],
  forecast: { monthEndUsd: 2900, method: 'linear', note: 'Linear projection: <13> days' },
  budget: { monthlyUsd: 2500, monthToDatePercent: 49, forecastPercent: 116, status: 'forecast-over' },
};

describe('amounts as people read them', () => {
  it.each<[number, string | undefined, string]>([
    [1234.5, undefined, '$1,234.50'],
    [-0.4, undefined, '-$0.40'],
    [0, undefined, '$0.00'],
    [1234.5, 'EUR', '1,234.50 EUR'],
    [-2, 'EUR', '-2.00 EUR'],
  ])('money(%p, %p) is %s', (value, currency, text) => {
    expect(money(value, currency)).toBe(text);
  });

  it.each<[number, number | null, string | undefined, string]>([
    [1.2, 12.5, undefined, '+$1.20 (+12.5%)'],
    [-1.2, -12.5, undefined, '-$1.20 (-12.5%)'],
    [0, 0, undefined, '$0.00 (0.0%)'],
    [3, null, undefined, '+$3.00'],
    [3, null, 'EUR', '+3.00 EUR'],
  ])('change(%p, %p, %p) is %s', (usd, percent, currency, text) => {
    expect(change(usd, percent, currency)).toBe(text);
  });

  it('ranges are end-exclusive inside, inclusive as written; an empty one says so', () => {
    expect(describeRange({ start: '2026-11-01', end: '2026-11-14' })).toBe('2026-11-01 to 2026-11-13');
    expect(describeRange({ start: '2026-11-13', end: '2026-11-14' })).toBe('2026-11-13');
    expect(describeRange({ start: '2026-11-14', end: '2026-11-14' })).toBe('no complete day yet');
    expect(describeRange({ start: '2026-11-15', end: '2026-11-14' })).toBe('no complete day yet');
  });
});

describe('the CSV', () => {
  it('has the header, the total, each service and each tag, quoted where RFC 4180 needs it, CRLF lines', () => {
    expect(renderCsv(REPORT)).toBe(
      [
        'scope,name,month_to_date,current_period,previous_period,change,change_percent',
        'total,dev,1234.5,700,600,100,16.666',
        'total_amortized,dev,1100.25,640,560,80,14.29',
        'service,Amazon Relational Database Service,800,500,400,100,25',
        'service,"Amazon ""Elastic"", Compute",434.5,200,200,0,0',
        'service,AWS Free,0,0,0,0,',
        'tag,dev,1234.5,700,600,100,16.666',
        'tag,(untagged),12.25,3,4,-1,-25',
        '',
      ].join('\r\n'),
    );
  });

  it('has no amortized line when Cost Explorer gave no amortized cost', () => {
    expect(renderCsv({ ...REPORT, amortizedTotal: null })).not.toContain('total_amortized');
  });

  it('quotes a name with a line break', () => {
    expect(renderCsv({ ...REPORT, byService: [], byTag: [], stage: 'a\nb' }).split('\r\n')[1]).toBe(
      'total,"a\nb",1234.5,700,600,100,16.666',
    );
  });
});

describe('the email summary', () => {
  it('subject: stage, period, month to date and the budget verdict, under 100 characters', () => {
    expect(summarySubject(REPORT)).toBe('[dev] weekly cost: $1,234.50 month to date, FORECAST OVER BUDGET');
    expect(summarySubject({ ...REPORT, budget: { ...REPORT.budget, status: 'over' } })).toBe(
      '[dev] weekly cost: $1,234.50 month to date, OVER BUDGET',
    );
    expect(summarySubject({ ...REPORT, budget: { ...REPORT.budget, status: 'within' } })).toBe(
      '[dev] weekly cost: $1,234.50 month to date, within budget',
    );
    const long = summarySubject({ ...REPORT, stage: 's'.repeat(120) });
    expect(long).toHaveLength(99);
    expect(long.startsWith(`[${'s'.repeat(98)}`)).toBe(true);
  });

  it('text: the lines a person reads, amortized beside unblended, the untagged cost, the top movers, and how to open the report', () => {
    expect(summaryText(REPORT, ['Full report: https://console.example/report', 'The links do not expire.'])).toBe(
      [
        'dev cost report (weekly), 2026-11-14',
        'Last 7 days (2026-11-07 to 2026-11-13): $700.00, +$100.00 (+16.7%) vs 2026-10-31 to 2026-11-06 [includes estimated days]',
        'Amortized (commitment fees spread over their term): $640.00 this period, $1,100.25 month to date; the other amounts and the budget are unblended (as charged)',
        'Month to date (2026-11-01 to 2026-11-13): $1,234.50 of $2,500.00 budget (49%)',
        'Forecast to month end: $2,900.00 (116% of budget, linear projection): FORECAST OVER BUDGET',
        'Untagged cost month to date (not attributed to any stage): $12.25',
        'Top movers: Amazon Relational Database Service +$100.00',
        '',
        'Full report: https://console.example/report',
        'The links do not expire.',
      ].join('\n'),
    );
  });

  it('leaves out what is not there: no estimate, no untagged cost, no movers; names the other periods and the Cost Explorer forecast', () => {
    const quiet: CostReport = {
      ...REPORT,
      period: 'daily',
      estimated: false,
      byTag: [REPORT.byTag[0], { ...REPORT.byTag[1], monthToDateUsd: 0 }],
      topMovers: [],
      amortizedTotal: null,
      forecast: { ...REPORT.forecast, method: 'cost-explorer' },
    };
    const lines = summaryText(quiet, ['link']).split('\n');
    expect(lines[1]).toBe('Yesterday (2026-11-07 to 2026-11-13): $700.00, +$100.00 (+16.7%) vs 2026-10-31 to 2026-11-06');
    expect(lines[3]).toBe('Forecast to month end: $2,900.00 (116% of budget, Cost Explorer forecast): FORECAST OVER BUDGET');
    expect(lines).toHaveLength(6);
    expect(lines.some((line) => line.startsWith('Amortized'))).toBe(false);
    expect(summaryText({ ...quiet, period: 'monthly' }, ['link']).split('\n')[1]).toMatch(/^Last month \(/);
  });
});

describe('the HTML page', () => {
  it('escapes the five characters HTML reads', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('draws one bar per service with a cost, the largest full width, and a long name cut with an ellipsis', () => {
    const long = 'S'.repeat(45);
    const chart = costChart({
      ...REPORT,
      byService: [REPORT.byService[0], { ...REPORT.byService[1], service: long, currentUsd: 125 }, REPORT.byService[2]],
    });
    expect(chart).toContain('width="760" height="76" viewBox="0 0 760 76"');
    expect(chart).toContain(
      '<rect class="bar" x="270" y="10" width="380" height="18" data-service="Amazon Relational Database Service" data-usd="500">',
    );
    expect(chart).toContain(`<rect class="bar" x="270" y="38" width="95" height="18" data-service="${long}" data-usd="125">`);
    expect(chart).toContain(`<text class="label" x="262" y="52" text-anchor="end">${'S'.repeat(39)}…</text>`);
    expect(chart).toContain('<text class="value" x="371" y="52">$125.00</text>');
    expect(chart).not.toContain('AWS Free');
  });

  it('says so when nothing cost anything', () => {
    expect(costChart({ ...REPORT, byService: [REPORT.byService[2]] })).toBe('<p class="empty">No cost in this period.</p>');
  });

  it('shows the summary rows, the verdict, the estimate note and the escaped forecast note', () => {
    const html = renderHtml(REPORT);
    expect(html).toContain('<title>dev cost report (weekly) 2026-11-14</title>');
    expect(html).toContain('<tr><td>Change vs previous period</td><td>+$100.00 (+16.7%)</td></tr>');
    expect(html).toContain('<tr><td>Month to date</td><td>$1,234.50 (49% of budget)</td></tr>');
    expect(html).toContain('<td class="status-forecast-over">$2,500.00: forecast over</td>');
    expect(html).toContain('<p class="note">Cost Explorer still marks 2026-11-13 as estimated; those amounts may still change.</p>');
    expect(html).toContain('<p class="note">Linear projection: &lt;13&gt; days</p>');
    expect(html).toContain('<tr><td>(untagged)</td><td>$12.25</td><td>$3.00</td><td>$4.00</td><td>-$1.00 (-25.0%)</td></tr>');
    expect(renderHtml({ ...REPORT, estimated: false })).not.toContain('still marks');
  });

  it('shows the stage total unblended and amortized side by side, or says amortized cost is missing', () => {
    const html = renderHtml(REPORT);
    expect(html).toContain('<caption>Stage total: unblended and amortized</caption>');
    expect(html).toContain(
      '<tr><td>Unblended (as charged; the budget uses it)</td><td>$1,234.50</td><td>$700.00</td><td>$600.00</td><td>+$100.00 (+16.7%)</td></tr>',
    );
    expect(html).toContain(
      '<tr><td>Amortized (Savings Plans and Reserved Instance fees spread over their term)</td><td>$1,100.25</td><td>$640.00</td><td>$560.00</td><td>+$80.00 (+14.3%)</td></tr>',
    );
    const without = renderHtml({ ...REPORT, amortizedTotal: null });
    expect(without).not.toContain('unblended and amortized</caption>');
    expect(without).toContain('Cost Explorer gave no amortized cost for this period');
  });
});
