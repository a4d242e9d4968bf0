// Once before any test file: pick the browser for the browser tests, so that parallel test files
// never unpack the bundled Chromium at the same time (test/helpers/chromium.ts).
import { findChromium } from './helpers/chromium.js';

export async function setup(): Promise<void> {
  process.env.CHROMIUM_PATH = await findChromium();
}
