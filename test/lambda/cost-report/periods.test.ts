import { daysBetween, inRange, reportWindows } from '../../../lambda/cost-report/periods';

/** The cost report's date ranges at their edges: UTC midnight, month and year ends, leap years. Ranges are whole UTC days, end exclusive. */
const at = (iso: string) => new Date(iso);

describe('the report day is the UTC date', () => {
  it('at exactly UTC midnight the new day has begun; a millisecond before, it is still the old one', () => {
    expect(reportWindows('daily', at('2026-03-01T00:00:00.000Z')).current).toEqual({ start: '2026-02-28', end: '2026-03-01' });
    expect(reportWindows('daily', at('2026-02-28T23:59:59.999Z')).current).toEqual({ start: '2026-02-27', end: '2026-02-28' });
  });

  it('a run just after local midnight east of UTC still reports the UTC day (00:30 in Berlin is 23:30 UTC the day before)', () => {
    expect(reportWindows('daily', at('2026-03-01T00:30:00+01:00')).today).toBe('2026-02-28');
  });
});

describe('daily', () => {
  it('is yesterday, compared with the day before, and never includes today (Cost Explorer has not finished counting it)', () => {
    const w = reportWindows('daily', at('2026-05-20T07:00:00Z'));
    expect(w.current).toEqual({ start: '2026-05-19', end: '2026-05-20' });
    expect(w.previous).toEqual({ start: '2026-05-18', end: '2026-05-19' });
    expect(inRange(w.today, w.current)).toBe(false);
    expect(inRange(w.today, w.monthToDate)).toBe(false);
  });

  it('on the 1st, yesterday is the last day of the previous month, and the fetch reaches back to cover it', () => {
    const w = reportWindows('daily', at('2026-05-01T07:00:00Z'));
    expect(w.current).toEqual({ start: '2026-04-30', end: '2026-05-01' });
    expect(w.previous).toEqual({ start: '2026-04-29', end: '2026-04-30' });
    expect(w.fetch).toEqual({ start: '2026-04-29', end: '2026-05-01' });
  });

  it('on 1 January, yesterday is 31 December of the year before', () => {
    expect(reportWindows('daily', at('2027-01-01T00:00:00Z')).current).toEqual({ start: '2026-12-31', end: '2027-01-01' });
  });

  it('on 1 March of a leap year, yesterday is 29 February; in other years, 28 February', () => {
    expect(reportWindows('daily', at('2028-03-01T07:00:00Z')).current).toEqual({ start: '2028-02-29', end: '2028-03-01' });
    expect(reportWindows('daily', at('2027-03-01T07:00:00Z')).current).toEqual({ start: '2027-02-28', end: '2027-03-01' });
  });
});

describe('weekly', () => {
  it('is the last 7 whole days, compared with the 7 before, across a month end', () => {
    const w = reportWindows('weekly', at('2026-03-03T07:00:00Z'));
    expect(w.current).toEqual({ start: '2026-02-24', end: '2026-03-03' });
    expect(w.previous).toEqual({ start: '2026-02-17', end: '2026-02-24' });
    expect([daysBetween(w.current), daysBetween(w.previous)]).toEqual([7, 7]);
    expect(w.fetch).toEqual({ start: '2026-02-17', end: '2026-03-03' });
  });

  it('counts 29 February as one of the 7 days in a leap year', () => {
    expect(reportWindows('weekly', at('2028-03-03T07:00:00Z')).current).toEqual({ start: '2028-02-25', end: '2028-03-03' });
  });
});

describe('monthly', () => {
  it('is the last calendar month, compared with the one before', () => {
    const w = reportWindows('monthly', at('2026-03-01T07:00:00Z'));
    expect(w.current).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(w.previous).toEqual({ start: '2026-01-01', end: '2026-02-01' });
    expect(daysBetween(w.current)).toBe(28);
    expect(w.fetch).toEqual({ start: '2026-01-01', end: '2026-03-01' });
  });

  it('in January, the last month is December and the one before November, of the previous year', () => {
    const w = reportWindows('monthly', at('2026-01-01T00:00:00Z'));
    expect(w.current).toEqual({ start: '2025-12-01', end: '2026-01-01' });
    expect(w.previous).toEqual({ start: '2025-11-01', end: '2025-12-01' });
  });

  it('is the same month whatever day of the month it runs: the 31st still reports the previous month', () => {
    expect(reportWindows('monthly', at('2026-03-31T23:59:59.999Z')).current).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(reportWindows('monthly', at('2026-04-01T00:00:00.000Z')).current).toEqual({ start: '2026-03-01', end: '2026-04-01' });
  });

  it('February of a leap year has 29 days; of a century year that is not a leap year, 28; of 2000, 29', () => {
    expect(daysBetween(reportWindows('monthly', at('2028-03-01T07:00:00Z')).current)).toBe(29);
    expect(daysBetween(reportWindows('monthly', at('2100-03-01T07:00:00Z')).current)).toBe(28);
    expect(daysBetween(reportWindows('monthly', at('2000-03-01T07:00:00Z')).current)).toBe(29);
  });
});

describe('month to date and the forecast', () => {
  it('on the 1st, month to date is empty: no complete day yet', () => {
    const w = reportWindows('daily', at('2026-05-01T07:00:00Z'));
    expect(w.monthToDate).toEqual({ start: '2026-05-01', end: '2026-05-01' });
    expect(w.completeDays).toBe(0);
  });

  it('on the last day of the month, every day but today is complete', () => {
    const w = reportWindows('daily', at('2026-05-31T23:59:59.999Z'));
    expect(w.monthToDate).toEqual({ start: '2026-05-01', end: '2026-05-31' });
    expect([w.completeDays, w.daysInMonth, w.monthEnd]).toEqual([30, 31, '2026-06-01']);
  });

  it('in December the forecast ends on 1 January of the next year', () => {
    expect(reportWindows('daily', at('2026-12-15T07:00:00Z'))).toMatchObject({ monthEnd: '2027-01-01', daysInMonth: 31 });
  });

  it('in February the month has 29 days in a leap year and 28 otherwise', () => {
    expect(reportWindows('daily', at('2028-02-10T07:00:00Z'))).toMatchObject({ monthEnd: '2028-03-01', daysInMonth: 29 });
    expect(reportWindows('daily', at('2026-02-10T07:00:00Z'))).toMatchObject({ monthEnd: '2026-03-01', daysInMonth: 28 });
  });

  it('mid-month, the fetch starts at the 1st when that is earlier than the previous period', () => {
    expect(reportWindows('daily', at('2026-05-20T07:00:00Z')).fetch).toEqual({ start: '2026-05-01', end: '2026-05-20' });
  });
});

describe('inRange', () => {
  it('includes the start day and excludes the end day', () => {
    const range = { start: '2026-02-01', end: '2026-03-01' };
    expect(inRange('2026-02-01', range)).toBe(true);
    expect(inRange('2026-02-28', range)).toBe(true);
    expect(inRange('2026-03-01', range)).toBe(false);
    expect(inRange('2026-01-31', range)).toBe(false);
  });
});
