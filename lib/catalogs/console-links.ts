/**
 * AWS console deep links for alarm descriptions and runbooks. Pure string building, so tests and
 * scripts can use them; values that are CDK tokens (generated log group names) pass through as they
 * are, which is safe because generated names hold only letters, digits and "-".
 */

export function consoleBase(region: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}`;
}

export function dashboardUrl(region: string, dashboardName: string): string {
  return `${consoleBase(region)}#dashboards/dashboard/${encodeURIComponent(dashboardName)}`;
}

/**
 * The query the alarm links open: lines that say error (JSON `"level":"ERROR"` lines and stack traces
 * alike), newest first, which is Logs Insights' default order. Kept short: it is written into an
 * alarm description, which holds at most 1024 characters.
 */
export const ERROR_LINES_QUERY = 'filter @message like /(?i)error/';

const TOKEN = /\$\{Token\[/;

/**
 * One value in the console's queryDetail notation (a JSURL dialect): percent-encoding with `*`
 * for `%`, so the fragment's own `$`-encoding leaves it alone; `'`, `(`, `)`, `~` and `!` are
 * syntax there and are encoded too.
 */
export function insightsValue(value: string): string {
  if (TOKEN.test(value)) return value;
  return encodeURIComponent(value)
    .replace(/[!'()~*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%/g, '*');
}

/**
 * A Logs Insights deep link: `query` over `logGroupNames`, for the last `lookbackSeconds`. The
 * fragment is `logs-insights?queryDetail=~(…)` with `?` and `=` written `$3F` and `$3D`, as the
 * console writes it.
 */
export function logsInsightsUrl(
  region: string,
  logGroupNames: readonly string[],
  lookbackSeconds: number,
  query = ERROR_LINES_QUERY,
): string {
  const source = logGroupNames.map((name) => `~'${insightsValue(name)}`).join('');
  const detail = `~(end~0~start~-${Math.round(lookbackSeconds)}~timeType~'RELATIVE~unit~'seconds~editorString~'${insightsValue(query)}~source~(${source}))`;
  return `${consoleBase(region)}#logsV2:logs-insights$3FqueryDetail$3D${detail}`;
}

/** How far back an alarm's log link looks: its evaluation window and half an hour before it, at least an hour. */
export function logsLookbackSeconds(windowSeconds: number): number {
  return Math.max(3600, windowSeconds + 1800);
}

export function runbookUrl(baseUrl: string, runbook: string): string {
  return `${baseUrl}/${runbook}.md`;
}
