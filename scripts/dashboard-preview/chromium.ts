import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Debian's Chromium; CI installs it with `apt-get install -y chromium`. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless and offline: no GPU, no first-run, background networking, component updates or sync. */
export const HEADLESS_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless, offline, throwaway-profile Chromium that writes one screenshot and exits. */
export function chromiumArgs(htmlFile: string, pngFile: string, width: number, height: number, profileDir: string): string[] {
  return [
    ...HEADLESS_FLAGS,
    '--hide-scrollbars',
    `--user-data-dir=${profileDir}`,
    `--window-size=${width},${height}`,
    `--screenshot=${pngFile}`,
    pathToFileURL(htmlFile).href,
  ];
}

export function screenshot(htmlFile: string, pngFile: string, width: number, height: number, binary = CHROMIUM): void {
  if (!existsSync(binary)) throw new Error(`${binary} not found; install it (apt-get install -y chromium) to take the preview picture.`);
  const profileDir = mkdtempSync(path.join(tmpdir(), 'dashboard-preview-profile-'));
  try {
    execFileSync(binary, chromiumArgs(htmlFile, path.resolve(pngFile), width, height, profileDir), {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 120_000,
    });
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
  if (!existsSync(pngFile)) throw new Error(`Chromium exited without writing ${pngFile}.`);
}
