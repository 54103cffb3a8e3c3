import { MESSAGE_LIMIT_BYTES, SUBJECT_LIMIT, WARNING_MARK, WINDOW_HOURS } from './contract';

/** One alarm as DescribeAlarms reports it, reduced to what the digest shows. */
export interface AlarmNow {
  readonly name: string;
  readonly description?: string;
  readonly state?: string;
  /** When the alarm last changed state (StateTransitionedTimestamp, else StateUpdatedTimestamp). */
  readonly since?: Date;
}

/** One StateUpdate item of DescribeAlarmHistory. */
export interface StateChange {
  readonly name: string;
  readonly at: Date;
  /** The state the alarm went to, or undefined where the item could not be read. */
  readonly to?: string;
}

export interface FiringWarning {
  readonly name: string;
  readonly since?: Date;
  readonly runbook?: string;
  /** Times it went to ALARM within the window. */
  readonly times: number;
}

export interface ClearedWarning {
  readonly name: string;
  readonly runbook?: string;
  readonly times: number;
}

export interface DigestInput {
  readonly stage: string;
  readonly alarms: readonly AlarmNow[];
  readonly history: readonly StateChange[];
  /** The history stopped early: say so, counts may be low. */
  readonly historyPartial: boolean;
  readonly now: Date;
}

export interface Digest {
  readonly subject: string;
  readonly message: string;
  readonly firing: readonly FiringWarning[];
  readonly cleared: readonly ClearedWarning[];
}

/**
 * A warning of this stage. The severity is read from the description the stage's AlarmLinks aspect
 * wrote from routeAlarm's decision, rather than worked back from the name through the catalog:
 * `{subject}` names (db-*-cpu) would need pattern matching, stage-dependent severities the stage's
 * rules, and the catalog would be bundled into the function; the description already says it.
 */
export function isStageWarning(alarm: Pick<AlarmNow, 'name' | 'description'>, stage: string): boolean {
  return alarm.name.startsWith(`${stage}-`) && (alarm.description ?? '').includes(WARNING_MARK);
}

/** The `Runbook: <url>` link of a routed alarm's description. */
export function runbookOf(description: string | undefined): string | undefined {
  return /(?:^|\s)Runbook: (https:\/\/\S+)/.exec(description ?? '')?.[1];
}

/** The `Dashboard: <url>` link of a routed alarm's description. */
export function dashboardOf(description: string | undefined): string | undefined {
  return /(?:^|\s)Dashboard: (https:\/\/\S+)/.exec(description ?? '')?.[1];
}

/**
 * The state an alarm went to, from a StateUpdate item: HistoryData's `newState.stateValue`, else the
 * summary "Alarm updated from OK to ALARM".
 */
export function newStateOf(historyData: string | undefined, summary: string | undefined): string | undefined {
  if (historyData) {
    try {
      const state = (JSON.parse(historyData) as { newState?: { stateValue?: unknown } }).newState?.stateValue;
      if (typeof state === 'string') return state;
    } catch {
      // fall through to the summary
    }
  }
  return / to (OK|ALARM|INSUFFICIENT_DATA)\b/.exec(summary ?? '')?.[1];
}

/** What the digest says: warnings in ALARM now, and those that fired in the window and are no longer in ALARM. */
export function summarize(input: DigestInput): { firing: FiringWarning[]; cleared: ClearedWarning[] } {
  const warnings = input.alarms.filter((a) => isStageWarning(a, input.stage));
  const byName = new Map(warnings.map((w) => [w.name, w]));
  const fired = new Map<string, number>();
  const windowStart = input.now.getTime() - WINDOW_HOURS * 3_600_000;
  for (const change of input.history) {
    if (change.to !== 'ALARM' || !byName.has(change.name)) continue;
    if (change.at.getTime() < windowStart || change.at.getTime() > input.now.getTime()) continue;
    fired.set(change.name, (fired.get(change.name) ?? 0) + 1);
  }
  const firing = warnings
    .filter((w) => w.state === 'ALARM')
    .map((w) => ({ name: w.name, since: w.since, runbook: runbookOf(w.description), times: fired.get(w.name) ?? 0 }))
    .sort((a, b) => (a.since?.getTime() ?? 0) - (b.since?.getTime() ?? 0) || a.name.localeCompare(b.name));
  const cleared = [...fired.entries()]
    .filter(([name]) => byName.get(name)?.state !== 'ALARM')
    .map(([name, times]) => ({ name, runbook: runbookOf(byName.get(name)?.description), times }))
    .sort((a, b) => b.times - a.times || a.name.localeCompare(b.name));
  return { firing, cleared };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** SNS subjects are printable ASCII without line breaks, at most 100 characters. */
export function subjectText(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= SUBJECT_LIMIT ? ascii : `${ascii.slice(0, SUBJECT_LIMIT - 3)}...`;
}

function firingLine(w: FiringWarning, now: Date): string {
  const since = w.since ? ` since ${w.since.toISOString()} (${hoursAgo(w.since, now)})` : '';
  const times = w.times > 1 ? `, fired ${w.times} times in ${WINDOW_HOURS} h` : '';
  return `- ${w.name}${since}${times}${w.runbook ? `\n  Runbook: ${w.runbook}` : ''}`;
}

function clearedLine(w: ClearedWarning): string {
  return `- ${w.name}: fired ${plural(w.times, 'time')}, OK now${w.runbook ? `\n  Runbook: ${w.runbook}` : ''}`;
}

function hoursAgo(since: Date, now: Date): string {
  const hours = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 3_600_000));
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} days ago`;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The entries that name an alarm (`- name ...`), as opposed to section headings and blank lines. */
const alarmEntries = (entries: readonly string[]) => entries.filter((e) => e.startsWith('- ')).length;

const leftOutNote = (count: number) => `... and ${count} more not listed (SNS message limit); see the alarms in the console.`;

/**
 * Lines in order, as many as fit in `limit` bytes with a note counting the alarms left out.
 */
export function fitLines(
  head: readonly string[],
  entries: readonly string[],
  tail: readonly string[],
  limit = MESSAGE_LIMIT_BYTES,
): string {
  const join = (lines: readonly string[]) => lines.join('\n');
  const full = join([...head, ...entries, ...tail]);
  if (bytes(full) <= limit) return full;
  const shown: string[] = [];
  for (const entry of entries) {
    const note = leftOutNote(alarmEntries(entries.slice(shown.length + 1)));
    if (bytes(join([...head, ...shown, entry, note, ...tail])) > limit) break;
    shown.push(entry);
  }
  return join([...head, ...shown, leftOutNote(alarmEntries(entries.slice(shown.length))), ...tail]);
}

/** The day's digest of the stage's warnings, or undefined when there is nothing to say. */
export function composeDigest(input: DigestInput, limit = MESSAGE_LIMIT_BYTES): Digest | undefined {
  const { firing, cleared } = summarize(input);
  if (firing.length === 0 && cleared.length === 0) return undefined;
  const parts = [
    firing.length > 0 ? `${plural(firing.length, 'warning')} in ALARM` : '',
    cleared.length > 0 ? `${cleared.length} fired and cleared` : '',
  ].filter(Boolean);
  const subject = subjectText(`${input.stage}: ${parts.join(', ')} (daily warning digest)`);
  const dashboard = input.alarms.map((a) => dashboardOf(a.description)).find(Boolean);
  const head = [
    `Warnings of the ${input.stage} stage, ${WINDOW_HOURS} h to ${input.now.toISOString()}.`,
    'Warnings need a look within the working day; critical alarms page on their own.',
    ...(dashboard ? [`Dashboard: ${dashboard}`] : []),
    ...(input.historyPartial
      ? ['Note: the alarm history was read only in part (too many state changes or out of time); counts may be low.']
      : []),
    '',
  ];
  const entries = [
    ...(firing.length > 0 ? [`In ALARM now (${firing.length}):`, ...firing.map((w) => firingLine(w, input.now))] : []),
    ...(firing.length > 0 && cleared.length > 0 ? [''] : []),
    ...(cleared.length > 0 ? [`Fired and OK again (${cleared.length}):`, ...cleared.map(clearedLine)] : []),
  ];
  return { subject, message: fitLines(head, entries, [], limit), firing, cleared };
}
