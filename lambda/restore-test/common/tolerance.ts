/** True when `actual` is within `percent` of `expected` (an expected 0 allows only 0). */
export function withinTolerance(actual: number, expected: number, percent: number): boolean {
  return Math.abs(actual - expected) <= (Math.abs(expected) * percent) / 100;
}

export function countDetail(what: string, actual: number, expected: number, percent: number): string {
  return `restored ${actual} ${what}, backup recorded ${expected} (allowed ±${percent}%)`;
}
