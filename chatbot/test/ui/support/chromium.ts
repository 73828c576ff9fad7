/**
 * Launches the system's Debian Chromium through playwright-core (no browser download: CI installs
 * the `chromium` package, see .ci/run). Flags keep it quiet and container friendly.
 */
import { execFileSync } from 'node:child_process';
import { Browser, chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // CI containers run as root without user namespaces
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The path of `chromium` on PATH; a clear error says how to install it otherwise. */
export function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium was not found on PATH: install Debian chromium: apt-get install -y chromium');
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
