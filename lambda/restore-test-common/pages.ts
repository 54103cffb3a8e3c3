import { limitedPages, type PageLimits } from '../shared/backup/pages';
import { withThrottlingRetry } from '../shared/retry';

/**
 * Every item of a paginated listing; throttled listings start over (a list is cheap to repeat, a
 * half list is wrong). More than `maxPages` pages, or reaching the deadline, fails the listing.
 */
export function allPages<P, T>(pages: () => AsyncIterable<P>, items: (page: P) => T[] | undefined, limits: PageLimits = {}): Promise<T[]> {
  return withThrottlingRetry(async () => {
    const all: T[] = [];
    for await (const page of limitedPages(pages(), limits)) all.push(...(items(page) ?? []));
    return all;
  });
}
