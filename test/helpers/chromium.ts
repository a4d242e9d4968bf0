import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, used when present (`apt-get install -y chromium`). */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * The browser for the browser tests: `CHROMIUM_PATH` when set, else the system's Chromium, else
 * the one @sparticuz/chromium ships inside its npm package (a dev dependency, so `npm ci && npm
 * test` needs nothing else; it unpacks itself to the temp folder once, a few seconds).
 */
export async function findChromium(): Promise<string> {
  const given = process.env.CHROMIUM_PATH;
  if (given !== undefined) {
    if (!existsSync(given)) throw new Error(`CHROMIUM_PATH is ${given}, which does not exist: point it at a Chromium or Chrome binary, or unset it to use the bundled one`);
    return given;
  }
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const bundled = (await import('@sparticuz/chromium')).default;
  return bundled.executablePath();
}

/** Launches headless Chromium; a browser test never skips. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await findChromium(),
    headless: true,
    // Flags for a closed network and a root user (as on CI): no background traffic, no sandbox.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
