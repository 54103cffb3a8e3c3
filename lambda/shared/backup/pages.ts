/**
 * Collects every item of a Marker-paginated AWS listing. Any page failing fails the whole
 * listing: callers must never act on a partial inventory (a missing page could hide the newest
 * snapshot, and "keep the newest N" would then pick the wrong ones).
 */
export async function collectPages<T>(fetch: (marker: string | undefined) => Promise<{ items: readonly T[]; marker?: string }>): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    if (page.marker !== undefined && page.marker === marker) throw new Error(`Listing did not advance past marker "${marker}"`);
    items.push(...page.items);
    marker = page.marker || undefined;
  } while (marker);
  return items;
}
