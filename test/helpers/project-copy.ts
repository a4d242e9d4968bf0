import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStreamLogger, type Logger } from '../../src/log/logger.js';

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

/** A logger that keeps every line the CLI would print (`[warn] ...`, handler output too), for asserting them. */
export function createRecordingLogger(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  return { lines, logger: createStreamLogger('info', (line) => lines.push(line)) };
}
