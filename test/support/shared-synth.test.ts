import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { sharedSynth } from './shared-synth';
import { scratchDir } from './scratch-dir';

const original = process.env.STAGE_SYNTH_CACHE;
let dir: string;
beforeEach(() => {
  dir = scratchDir('shared-synth-test-');
  process.env.STAGE_SYNTH_CACHE = dir;
});
afterAll(() => {
  if (original === undefined) delete process.env.STAGE_SYNTH_CACHE;
  else process.env.STAGE_SYNTH_CACHE = original;
});

const lockOf = (key: string) => path.join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json.lock`);

describe('sharedSynth', () => {
  it('synthesizes a key once per run: the next call reads what the first stored', () => {
    const synthesize = jest.fn(() => ({ templates: { a: 1 } }));
    expect(sharedSynth('dev', synthesize)).toEqual({ templates: { a: 1 } });
    expect(sharedSynth('dev', synthesize)).toEqual({ templates: { a: 1 } });
    expect(synthesize).toHaveBeenCalledTimes(1);
    expect(sharedSynth('prod', () => ({ templates: { b: 2 } }))).toEqual({ templates: { b: 2 } });
  });

  it('without the run directory (a file run on its own) synthesizes every time and stores nothing', () => {
    delete process.env.STAGE_SYNTH_CACHE;
    const synthesize = jest.fn(() => 1);
    sharedSynth('dev', synthesize);
    sharedSynth('dev', synthesize);
    expect(synthesize).toHaveBeenCalledTimes(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not wait for a lock whose process is gone: it synthesizes itself', () => {
    writeFileSync(lockOf('dev'), '2147483646');
    const began = Date.now();
    expect(sharedSynth('dev', () => 'mine')).toBe('mine');
    // Far below the three minutes it would wait for a live holder.
    expect(Date.now() - began).toBeLessThan(10_000);
  });

  it('lets the key go when the synth throws, so the next file can synthesize it', () => {
    expect(() =>
      sharedSynth('dev', () => {
        throw new Error('bad config');
      }),
    ).toThrow('bad config');
    expect(readdirSync(dir)).toEqual([]);
    expect(sharedSynth('dev', () => 'second try')).toBe('second try');
  });
});
