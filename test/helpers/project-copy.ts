import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A copy of a fixture project in a fresh temporary folder, outside this repository: nothing is
 * installed above it, as in a user's project where only the runtime provides the AWS SDK.
 * Returns the folder and a function that removes it.
 */
export function copyProject(fixture: string): { dir: string; remove: () => void } {
  const source = fileURLToPath(new URL(`../fixtures/${fixture}`, import.meta.url));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-project-'));
  cpSync(source, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A logger that keeps every line, for asserting what the emulator said. */
export function createRecordingLogger(): { lines: string[]; logger: { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void } } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { lines, logger: { debug: () => {}, info: keep('info'), warn: keep('warn'), error: keep('error') } };
}
