import { allItems, limitedPages } from '../../../lambda/shared/pages';

/** A paginator over `count` pages that records each page it was asked for. */
function paginator(count: number, requested: number[]) {
  return (async function* () {
    for (let i = 1; i <= count; i++) {
      requested.push(i);
      yield { Items: [i], Marker: i < count ? `p${i + 1}` : undefined };
    }
  })();
}

describe('listings within limits', () => {
  it('a paginator with more pages than allowed fails after the last allowed page, without requesting another', async () => {
    const requested: number[] = [];
    await expect(allItems(paginator(5, requested), (p) => p.Items, { maxPages: 2 })).rejects.toThrow(
      'Listing has more than 2 pages; refusing to act on part of it',
    );
    expect(requested).toEqual([1, 2]);
  });

  it('exactly the allowed number of pages is a complete listing', async () => {
    const requested: number[] = [];
    expect(await allItems(paginator(2, requested), (p) => p.Items, { maxPages: 2 })).toEqual([1, 2]);
  });

  it('past the deadline no further page is requested and the listing fails as DeadlineReached', async () => {
    const requested: number[] = [];
    const pages = limitedPages(paginator(3, requested), { deadline: Date.now() - 1 });
    await expect(pages.next()).rejects.toMatchObject({ name: 'DeadlineReached' });
    expect(requested).toEqual([]);
  });

  it('a page that names the same next page as the one before stops the listing instead of looping', async () => {
    const repeating = (async function* () {
      for (;;) yield { Items: [1], NextToken: 'same' };
    })();
    await expect(allItems(repeating, (p) => p.Items)).rejects.toThrow(/did not advance/);
  });

  it('a failing page fails the whole listing', async () => {
    const failing = (async function* () {
      yield { Items: [1], Marker: 'm1' };
      throw Object.assign(new Error('InternalFailure'), { name: 'InternalFailure' });
    })();
    await expect(allItems(failing, (p) => p.Items)).rejects.toThrow('InternalFailure');
  });
});
