import { ALARM_CATALOG, type AlarmEntry, STAGE_UNHEALTHY } from '../../lib/catalogs/alarm-catalog';
import type { Severity, SeverityOf } from './model';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Matcher {
  readonly entry: Pick<AlarmEntry, 'name' | 'critical'>;
  readonly pattern: RegExp;
  /** Characters of the name that are not `{subject}`: the more, the more specific the match. */
  readonly literal: number;
}

// severity: until the catalog entries carry `severity`, an entry with `critical` set (for the
// alarm's subject) counts as critical and any other catalog alarm as a warning. At merge, read
// the entry's own `severity` field here instead of `critical`.
function entrySeverity(entry: Pick<AlarmEntry, 'critical'>, subject: string | undefined): Severity {
  const { critical } = entry;
  if (critical === true) return 'critical';
  if (critical !== undefined && subject !== undefined && critical.includes(subject)) return 'critical';
  return 'warning';
}

/**
 * Severity by alarm name, from the catalog: `<stage>-<entry.name>` with `{subject}` matching any
 * text. Where two entries match (`db-{subject}-cpu` and `{subject}-cpu`), the one with more fixed
 * text wins. The composite `<stage>-stage-unhealthy` is critical; names outside the catalog are unknown.
 */
export function catalogSeverity(
  stage: string,
  catalog: Readonly<Record<string, Pick<AlarmEntry, 'name' | 'critical'>>> = ALARM_CATALOG,
): SeverityOf {
  const matchers: Matcher[] = Object.values(catalog).map((entry) => ({
    entry,
    pattern: new RegExp(`^${escapeRegExp(`${stage}-`)}${entry.name.split('{subject}').map(escapeRegExp).join('(.+)')}$`),
    literal: entry.name.replaceAll('{subject}', '').length,
  }));
  matchers.sort((a, b) => b.literal - a.literal);
  return (alarmName) => {
    if (alarmName === `${stage}-${STAGE_UNHEALTHY.name}`) return 'critical';
    for (const m of matchers) {
      const match = m.pattern.exec(alarmName);
      if (match) return entrySeverity(m.entry, match[1]);
    }
    return 'unknown';
  };
}
