import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';

/** How long a file waits for another worker's synth of the same stage before doing it itself. */
const WAIT_FOR_OTHER_WORKER_MS = 180_000;
const POLL_MS = 25;

/**
 * What is stored under `key` in this run's directory (STAGE_SYNTH_CACHE, made by
 * synth-cache-setup.cjs), or `synthesize()`'s result (JSON), stored for the files that come after.
 * While another worker synthesizes the same key this one waits for its result rather than doing
 * the work twice on two cores. Without the directory (one file run on its own, the mutation run)
 * it just synthesizes.
 */
export function sharedSynth<T>(key: string, synthesize: () => T): T {
  const entry = entryOf(key);
  if (!entry) return synthesize();
  const deadline = Date.now() + WAIT_FOR_OTHER_WORKER_MS;
  for (;;) {
    if (existsSync(entry.file)) return JSON.parse(readFileSync(entry.file, 'utf8')) as T;
    if (reserve(entry)) break;
    // The process holding the lock died (or hangs): synthesize here, without storing.
    if (!holderAlive(entry.lock) || Date.now() > deadline) return synthesize();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
  }
  let result: T;
  try {
    result = synthesize();
  } catch (error) {
    rmSync(entry.lock, { force: true });
    throw error;
  }
  publish(entry, result);
  return result;
}

interface Entry {
  readonly file: string;
  readonly lock: string;
}

/** Takes the entry's lock for this process (its pid in the file); false when it is stored or another process holds it. */
function reserve(entry: Entry): boolean {
  if (existsSync(entry.file)) return false;
  try {
    const fd = openSync(entry.lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Stores a reserved entry's value and lets the lock go. */
function publish(entry: Entry, value: unknown): void {
  try {
    // Written whole, then renamed: a reader never sees half a file.
    writeFileSync(`${entry.file}.${process.pid}`, JSON.stringify(value));
    renameSync(`${entry.file}.${process.pid}`, entry.file);
  } finally {
    rmSync(entry.lock, { force: true });
  }
}

function entryOf(key: string): Entry | undefined {
  const dir = process.env.STAGE_SYNTH_CACHE;
  if (!dir || !existsSync(dir)) return undefined;
  const file = path.join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  return { file, lock: `${file}.lock` };
}

/** Whether the process named in the lock file still runs (a lock just taken may not hold its id yet). */
function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return true;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
