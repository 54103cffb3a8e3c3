import { DashboardWidget } from './body';

/**
 * Lays a dashboard's widgets out as CloudWatch does (24 columns; x, y, width, height in grid
 * units) and renders each as a card: title, kind, series with their units, thresholds, alarms.
 * No data is drawn: the picture shows what the dashboard contains, not what it measured.
 */

export const GRID_COLUMNS = 24;
/** Pixel height of one grid row; CloudWatch's is close to this at a 1600 px wide window. */
export const ROW_PX = 34;
const PAGE_PADDING_PX = 16;
const TITLE_BAR_PX = 56;

export interface WidgetSummary {
  readonly title: string;
  /** `graph`, `single value`, `alarm status`, `text`, … */
  readonly kind: string;
  /** Visible series, each with its statistic: `api CPU (Average)`. */
  readonly series: readonly string[];
  /** Axis labels: `left: Percent`, `right: %`. */
  readonly units: readonly string[];
  readonly thresholds: readonly string[];
  readonly alarms: readonly string[];
  /** Markdown of a text widget. */
  readonly markdown?: string;
}

type Properties = Record<string, unknown>;

function record(value: unknown): Properties {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Properties) : {};
}

/** One entry of a metric widget's `metrics` array, as a legend line; hidden math inputs give nothing. */
export function seriesLabel(entry: unknown): string | undefined {
  if (!Array.isArray(entry) || entry.length === 0) return undefined;
  const last = entry[entry.length - 1];
  const options = record(last);
  if (options.visible === false) return undefined;
  if (typeof options.expression === 'string') return typeof options.label === 'string' ? options.label : options.expression;
  const [namespace, metricName] = entry as string[];
  const label = typeof options.label === 'string' ? options.label : `${namespace} ${metricName}`;
  return typeof options.stat === 'string' ? `${label} (${options.stat})` : label;
}

/** A Logs Insights widget's query as lines, its SOURCE clauses summed up as a count of log groups. */
export function logQueryLines(query: string): string[] {
  const sources = query.match(/SOURCE '[^']*'/g) ?? [];
  const rest = query.replace(/SOURCE '[^']*' \| /g, '');
  return [`${sources.length} log group${sources.length === 1 ? '' : 's'}`, ...rest.split('\n').map((line) => line.replace(/^\| /, ''))];
}

export function alarmNameOf(arn: string): string {
  const at = arn.lastIndexOf(':alarm:');
  return at >= 0 ? arn.slice(at + ':alarm:'.length) : arn;
}

function kindOf(widget: DashboardWidget, properties: Properties): string {
  if (widget.type === 'metric') {
    const view = properties.view;
    if (view === 'singleValue') return 'single value';
    if (record(properties.annotations).alarms) return 'alarm graph';
    return view === 'bar' ? 'bar chart' : 'graph';
  }
  if (widget.type === 'alarm') return 'alarm status';
  return widget.type;
}

export function summarizeWidget(widget: DashboardWidget): WidgetSummary {
  const properties = record(widget.properties);
  const yAxis = record(properties.yAxis);
  const annotations = record(properties.annotations);
  const metrics = Array.isArray(properties.metrics) ? properties.metrics : [];
  const horizontal = Array.isArray(annotations.horizontal) ? annotations.horizontal.map(record) : [];
  const alarmArns = [
    ...(Array.isArray(properties.alarms) ? properties.alarms : []),
    ...(Array.isArray(annotations.alarms) ? annotations.alarms : []),
  ];
  return {
    title: typeof properties.title === 'string' ? properties.title : '',
    kind: kindOf(widget, properties),
    series:
      widget.type === 'log' && typeof properties.query === 'string'
        ? logQueryLines(properties.query)
        : metrics.map(seriesLabel).filter((label): label is string => label !== undefined),
    units: (['left', 'right'] as const).flatMap((side) => {
      const label = record(yAxis[side]).label;
      return typeof label === 'string' ? [`${side}: ${label}`] : [];
    }),
    thresholds: horizontal.map((line) => (typeof line.label === 'string' ? line.label : `line at ${String(line.value)}`)),
    alarms: alarmArns.map((arn) => alarmNameOf(String(arn))),
    markdown: typeof properties.markdown === 'string' ? properties.markdown : undefined,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Enough markdown for dashboard headers: headings, bold, paragraphs. */
export function markdownToHtml(markdown: string): string {
  return markdown
    .split(/\n{2,}/)
    .map((block) => {
      const text = escapeHtml(block.trim()).replace(/\*\*(.+?)\*\*/g, '<b>$1</b>');
      const heading = /^(#{1,6})\s+(.*)$/s.exec(text);
      return heading ? `<h${heading[1].length}>${heading[2]}</h${heading[1].length}>` : `<p>${text}</p>`;
    })
    .join('');
}

export interface PlacedWidget {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly summary: WidgetSummary;
}

/** Grid units to pixels; CloudWatch's defaults (6 × 6) apply where a widget gives no size. */
export function placeWidgets(widgets: readonly DashboardWidget[], pageWidthPx: number): PlacedWidget[] {
  const column = (pageWidthPx - 2 * PAGE_PADDING_PX) / GRID_COLUMNS;
  return widgets.map((widget) => ({
    left: PAGE_PADDING_PX + (widget.x ?? 0) * column,
    top: TITLE_BAR_PX + (widget.y ?? 0) * ROW_PX,
    width: (widget.width ?? 6) * column,
    height: (widget.height ?? 6) * ROW_PX,
    summary: summarizeWidget(widget),
  }));
}

/** Page height that shows every widget: the lowest bottom edge plus padding. */
export function pageHeight(placed: readonly PlacedWidget[]): number {
  const bottom = placed.reduce((max, widget) => Math.max(max, widget.top + widget.height), TITLE_BAR_PX);
  return Math.ceil(bottom + PAGE_PADDING_PX);
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#17becf'];

function list(items: readonly string[], className: string, swatches = false): string {
  if (items.length === 0) return '';
  const rows = items.map((item, i) => {
    const swatch = swatches ? `<i style="background:${PALETTE[i % PALETTE.length]}"></i>` : '';
    return `<li>${swatch}${escapeHtml(item)}</li>`;
  });
  return `<ul class="${className}">${rows.join('')}</ul>`;
}

function card(widget: PlacedWidget): string {
  const { summary } = widget;
  const style = `left:${widget.left.toFixed(1)}px;top:${widget.top}px;width:${(widget.width - 8).toFixed(1)}px;height:${widget.height - 8}px`;
  if (summary.kind === 'text') {
    return `<div class="widget text" style="${style}">${markdownToHtml(summary.markdown ?? '')}</div>`;
  }
  const body = [
    summary.units.length > 0 ? `<div class="units">${escapeHtml(summary.units.join(' · '))}</div>` : '',
    list(summary.series, 'series', true),
    list(summary.thresholds, 'thresholds'),
    list(summary.alarms, 'alarms'),
  ].join('');
  const kindClass = summary.kind === 'alarm status' ? ' status' : '';
  return (
    `<div class="widget${kindClass}" style="${style}">` +
    `<div class="head"><span class="title">${escapeHtml(summary.title || '(untitled)')}</span><span class="kind">${escapeHtml(summary.kind)}</span></div>` +
    `<div class="body">${body}</div></div>`
  );
}

const STYLE = `
body{margin:0;font:12px/1.35 "Amazon Ember","Helvetica Neue",Arial,sans-serif;background:#f2f3f3;color:#16191f}
header{position:absolute;left:${PAGE_PADDING_PX}px;top:10px;font-size:18px;font-weight:700}
header small{font-weight:400;color:#545b64;margin-left:12px;font-size:12px}
.widget{position:absolute;box-sizing:border-box;background:#fff;border:1px solid #d5dbdb;border-radius:2px;overflow:hidden;padding:6px 8px}
.widget.text{background:transparent;border:none}
.widget.text h1{font-size:20px;margin:0 0 6px}.widget.text h3{font-size:14px;margin:4px 0;border-bottom:2px solid #879596}
.widget.text p{margin:0 0 6px;color:#545b64}
.head{display:flex;justify-content:space-between;font-weight:700;margin-bottom:4px}
.kind{font-weight:400;color:#687078;font-size:11px;text-transform:uppercase}
.units{color:#687078;font-size:11px;margin-bottom:4px}
ul{list-style:none;margin:0 0 4px;padding:0}
li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.series i{display:inline-block;width:10px;height:3px;margin:0 6px 3px 0;vertical-align:middle}
.thresholds li{color:#d13212}.thresholds li:before{content:"— ";}
.alarms li:before{content:"● ";color:#879596}
.status .alarms{column-width:260px;column-gap:16px}
`;

/** The whole preview page; `height` is what the screenshot window must be to show all of it. */
export function renderDashboardHtml(
  dashboardName: string,
  widgets: readonly DashboardWidget[],
  pageWidthPx = 1600,
): { html: string; height: number } {
  const placed = placeWidgets(widgets, pageWidthPx);
  const height = pageHeight(placed);
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(dashboardName)}</title><style>${STYLE}</style></head>` +
    `<body style="width:${pageWidthPx}px;height:${height}px;position:relative">` +
    `<header>${escapeHtml(dashboardName)}<small>CloudWatch dashboard preview: layout and contents, no data</small></header>` +
    placed.map(card).join('') +
    `</body></html>`;
  return { html, height };
}
