import { STAGE_TAG_KEY } from '../../lambda/shared/stage-tags';
import type { AlarmState, BackupAge, CostState, RecoveryState, Section, ServicesState, Severity, SeverityOf, StatusReport } from './model';

/** The backup monitor publishes this age for a kind with no backup at all (lambda/backup-monitor/contract.ts). */
const NO_BACKUP_HOURS = 9999;
const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'unknown'];
const SEVERITY_TITLE: Readonly<Record<Severity, string>> = {
  critical: 'critical',
  warning: 'warning',
  unknown: 'not in the alarm catalog',
};

/** `2 h 5 min`, `3 d 4 h`, `45 s`: a duration as an operator reads it. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  // Recovery times are judged against targets of a few minutes: keep the seconds there.
  if (minutes < 10 && s % 60) return `${minutes} min ${s % 60} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

function ago(then: Date, now: Date): string {
  return `${duration((now.getTime() - then.getTime()) / 1000)} ago`;
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function money(amount: number, unit: string): string {
  const text = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return unit === 'USD' ? `$${text}` : `${text} ${unit}`;
}

function pad(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => `${indent}${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd());
}

function section<T>(title: string, s: Section<T>, body: (value: T) => string[]): string[] {
  return s.ok ? [title, ...body(s.value)] : [title, `  unavailable: ${s.reason}`];
}

/** Alarms in ALARM grouped by severity, critical first; each group oldest first. */
export function groupFiring(alarms: readonly AlarmState[], severityOf: SeverityOf): Array<{ severity: Severity; alarms: AlarmState[] }> {
  const firing = alarms.filter((a) => a.state === 'ALARM');
  return SEVERITY_ORDER.map((severity) => ({
    severity,
    alarms: firing
      .filter((a) => severityOf(a.name) === severity)
      .sort((a, b) => (a.since?.getTime() ?? 0) - (b.since?.getTime() ?? 0) || a.name.localeCompare(b.name)),
  })).filter((g) => g.alarms.length > 0);
}

function firstLine(text: string | undefined, max = 72): string {
  const line = (text ?? '').split('\n')[0];
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function alarmLines(alarms: readonly AlarmState[], severityOf: SeverityOf, stage: string, region: string, now: Date): string[] {
  if (alarms.length === 0) return [`  no alarm named ${stage}-* in ${region}: is this the stage's account and region?`];
  const counts = (state: string) => alarms.filter((a) => a.state === state).length;
  const groups = groupFiring(alarms, severityOf);
  const summary = `  ${counts('ALARM')} in ALARM of ${alarms.length} (OK ${counts('OK')}, INSUFFICIENT_DATA ${counts('INSUFFICIENT_DATA')})`;
  if (groups.length === 0) return [summary.replace(/^ {2}0 in ALARM/, '  none in ALARM')];
  // One set of column widths for every group, so the groups line up.
  const padded = pad(
    groups.flatMap((g) =>
      g.alarms.map((a) => [a.name, a.since ? `since ${utc(a.since)} (${ago(a.since, now)})` : '', firstLine(a.reason)]),
    ),
    '    ',
  );
  let row = 0;
  return [
    summary,
    ...groups.flatMap((g) => [`  ${SEVERITY_TITLE[g.severity]} (${g.alarms.length})`, ...g.alarms.map(() => padded[row++])]),
  ];
}

function serviceLines(s: ServicesState, now: Date): string[] {
  if (s.services.length === 0) return [`  no ECS service in cluster ${s.cluster}`];
  return [
    `  cluster ${s.cluster}`,
    ...pad(
      s.services.map((svc) => {
        const d = svc.lastDeployment;
        const when = d?.updatedAt ?? d?.startedAt;
        const counts = `running ${svc.running}/${svc.desired}${svc.pending ? `, ${svc.pending} pending` : ''}`;
        const deployment = d
          ? `last deployment ${d.rolloutState ?? 'unknown state'}${when ? ` ${utc(when)} (${ago(when, now)})` : ''}${d.taskDefinition ? `, ${d.taskDefinition.split('/').pop()}` : ''}`
          : 'no deployment recorded';
        const flag = svc.running < svc.desired ? '  ← below desired' : '';
        return [svc.name, counts, `${deployment}${flag}`];
      }),
    ),
  ];
}

function backupLines(backups: readonly BackupAge[], now: Date): string[] {
  return pad(
    backups.map((b) => {
      if (b.ageHours === undefined || !b.readAt) return [b.label, 'no reading from the backup monitor in the last 26 h'];
      if (b.ageHours >= NO_BACKUP_HOURS) return [b.label, `none found (monitor read ${ago(b.readAt, now)})`];
      const ageNow = b.ageHours * 3600 + (now.getTime() - b.readAt.getTime()) / 1000;
      return [b.label, `${duration(ageNow)} old`, `(monitor read ${ago(b.readAt, now)})`];
    }),
  );
}

function recoveryLines(r: RecoveryState, now: Date): string[] {
  const rows: string[][] = [];
  if (!r.restoreTestsEnabled) rows.push(['restore tests', 'not enabled in this stage']);
  else
    for (const t of r.restoreTests) {
      if (!t.at) {
        rows.push([`restore test, ${t.kind}`, 'no run in the last 8 days']);
        continue;
      }
      const outcome = t.succeeded === false ? 'FAILED' : 'passed';
      const rto =
        t.rtoSeconds === undefined
          ? 'RTO -'
          : `RTO ${duration(t.rtoSeconds)}${t.rtoSeconds > r.rtoTargetSeconds ? ' (over' : ' (target'} ${duration(r.rtoTargetSeconds)})`;
      const rpo = t.rpoSeconds === undefined ? 'RPO -' : `RPO ${duration(t.rpoSeconds)}`;
      rows.push([`restore test, ${t.kind}`, `${outcome} ${utc(t.at)} (${ago(t.at, now)})`, rto, rpo]);
    }
  if (!r.drillsEnabled) rows.push(['failover drills', 'not enabled in this stage']);
  else
    for (const d of r.drills) {
      if (!d.at || d.recoverySeconds === undefined) {
        rows.push([`drill, ${d.kind}`, 'no run in the last 45 days']);
        continue;
      }
      const met = d.recoverySeconds <= r.drillTargetSeconds;
      rows.push([
        `drill, ${d.kind}`,
        `${met ? 'recovered' : 'SLOW'} ${utc(d.at)} (${ago(d.at, now)})`,
        `RTO ${duration(d.recoverySeconds)} (${met ? 'target' : 'over'} ${duration(r.drillTargetSeconds)})`,
        'RPO n/a (no data restored)',
      ]);
    }
  return pad(rows);
}

function costLines(c: CostState): string[] {
  if (c.start === c.end) return ['  no complete day yet this month (Cost Explorer counts whole days)'];
  if (!c.unblended) return [`  nothing recorded from ${c.start} to ${c.end} (exclusive)`];
  const amortized =
    c.amortized && Math.abs(c.amortized.amount - c.unblended.amount) >= 0.005
      ? `, ${money(c.amortized.amount, c.amortized.unit)} amortized`
      : '';
  return [
    `  ${money(c.unblended.amount, c.unblended.unit)} unblended${amortized}, ${c.start} to ${c.end} (exclusive)${c.estimated ? ', estimated (not final)' : ''}`,
  ];
}

/** One screen: header, then each section, failed sections saying why. */
export function formatStatus(report: StatusReport, severityOf: SeverityOf): string {
  const now = report.at;
  return [
    `${report.stage} in account ${report.account}, ${report.region}, at ${utc(now)}`,
    '',
    ...section('Alarms', report.alarms, (a) => alarmLines(a, severityOf, report.stage, report.region, now)),
    '',
    ...section('Services', report.services, (s) => serviceLines(s, now)),
    '',
    ...section('Backups (newest of each kind)', report.backups, (b) => backupLines(b, now)),
    '',
    ...section('Recovery (last restore tests and drills)', report.recovery, (r) => recoveryLines(r, now)),
    '',
    ...section(`Cost, month to date (tag ${STAGE_TAG_KEY}=${report.stage})`, report.cost, costLines),
  ].join('\n');
}
