import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ALARM_CATALOG, AlarmKind, runbookName } from '../../lib/catalogs/alarm-catalog';
import { RUNBOOK_DIR, renderRunbooks } from '../../scripts/runbooks';

describe('docs/runbooks', () => {
  const rendered = renderRunbooks();

  it('holds exactly one runbook per catalog entry, named after the alarm ({subject} families by their catalog key)', () => {
    const kinds = Object.keys(ALARM_CATALOG) as AlarmKind[];
    expect(new Set(kinds.map(runbookName)).size).toBe(kinds.length);
    expect(readdirSync(RUNBOOK_DIR).sort()).toEqual(kinds.map((kind) => `${runbookName(kind)}.md`).sort());
  });

  it.each([...rendered.keys()])('%s is what the catalog renders (if not: npm run runbooks)', (file) => {
    expect(readFileSync(path.join(RUNBOOK_DIR, file), 'utf8')).toBe(rendered.get(file));
  });

  it('gives every runbook its severity, the reason for it and at least one step after the first check', () => {
    for (const text of rendered.values()) {
      expect(text).toMatch(/\| Severity \| \*\*(critical|warning|critical in [a-z, ]+, else warning)\*\*: \S/);
      expect(text).toMatch(/## Then\n\n1\. \S/);
    }
  });

  it('carries the hand-written steps of an entry that has them', () => {
    expect(rendered.get('stage-unhealthy.md')).toContain(`1. ${ALARM_CATALOG.stageUnhealthy.steps![0]}`);
  });
});
