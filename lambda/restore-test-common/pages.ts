import { withThrottlingRetry } from '../shared/retry';

/** Every item of a paginated listing; throttled listings start over (a list is cheap to repeat, a half list is wrong). */
export function allPages<P, T>(pages: () => AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  return withThrottlingRetry(async () => {
    const all: T[] = [];
    for await (const page of pages()) all.push(...(items(page) ?? []));
    return all;
  });
}
