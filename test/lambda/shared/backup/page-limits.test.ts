import { collectPages, limitedPages } from '../../../../lambda/shared/backup/pages';
import { allPages } from '../../../../lambda/restore-test-common/pages';

/** A paginator over `count` pages that records each page it was asked for. */
function paginator(count: number, requested: number[]) {
  return async function* () {
    for (let i = 1; i <= count; i++) {
      requested.push(i);
      yield { Items: [i], Marker: i < count ? `p${i + 1}` : undefined };
    }
  };
}

describe('listings within limits', () => {
  it('a paginator with more pages than allowed fails after the last allowed page, without requesting another', async () => {
    const requested: number[] = [];
    await expect(allPages(paginator(5, requested), (p) => p.Items, { maxPages: 2 })).rejects.toThrow('Listing has more than 2 pages; refusing to act on part of it');
    expect(requested).toEqual([1, 2]);
  });

  it('exactly the allowed number of pages is a complete listing', async () => {
    const requested: number[] = [];
    expect(await allPages(paginator(2, requested), (p) => p.Items, { maxPages: 2 })).toEqual([1, 2]);
  });

  it('past the deadline no further page is requested and the listing fails as DeadlineReached', async () => {
    const requested: number[] = [];
    const pages = limitedPages(paginator(3, requested)(), { deadline: Date.now() - 1 });
    await expect(pages.next()).rejects.toMatchObject({ name: 'DeadlineReached' });
    expect(requested).toEqual([]);
  });

  it('a Marker listing fails the same way: on one page too many, or past the deadline', async () => {
    const fetch = async (marker: string | undefined) => ({ items: [marker ?? 'first'], marker: `again-${marker ?? ''}` });
    await expect(collectPages(fetch, { maxPages: 3 })).rejects.toThrow('Listing has more than 3 pages');
    await expect(collectPages(fetch, { deadline: Date.now() - 1 })).rejects.toMatchObject({ name: 'DeadlineReached' });
  });
});
