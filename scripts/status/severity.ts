import { ALARM_CATALOG, type AlarmEntry, type AlarmKind, severityOf } from '../../lib/catalogs/alarm-catalog';
import type { Severity, SeverityOf } from './model';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Matcher {
  readonly severity: Severity;
  readonly pattern: RegExp;
  /** Characters of the name that are not `{subject}`: the more, the more specific the match. */
  readonly literal: number;
}

/**
 * Severity by alarm name, from the catalog: `<stage>-<entry.name>` with `{subject}` matching any
 * text, and the entry's severity in this stage (the one its alarm is routed by). Where two entries
 * match (`db-{subject}-cpu` and `{subject}-cpu`), the one with more fixed text wins. Names outside
 * the catalog are unknown.
 */
export function catalogSeverity(
  stage: string,
  catalog: Readonly<Partial<Record<AlarmKind, Pick<AlarmEntry, 'name'>>>> = ALARM_CATALOG,
  severityIn: (kind: AlarmKind, stage: string) => Severity = severityOf,
): SeverityOf {
  const matchers: Matcher[] = (Object.entries(catalog) as [AlarmKind, Pick<AlarmEntry, 'name'>][]).map(([kind, entry]) => ({
    severity: severityIn(kind, stage),
    pattern: new RegExp(`^${escapeRegExp(`${stage}-`)}${entry.name.split('{subject}').map(escapeRegExp).join('(.+)')}$`),
    literal: entry.name.replaceAll('{subject}', '').length,
  }));
  matchers.sort((a, b) => b.literal - a.literal);
  return (alarmName) => matchers.find((m) => m.pattern.test(alarmName))?.severity ?? 'unknown';
}
