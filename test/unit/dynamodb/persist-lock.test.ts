import { spawnSync } from 'node:child_process';
import { readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquirePersistLock, isProcessAlive, LOCK_FILE_NAME, readProcessStartTime } from '../../../src/dynamodb/persist-lock.js';
import { EmulatorError } from '../../../src/errors.js';
import { createTempDir, useCleanup } from './helpers.js';

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
}

const busy = (dir: string, holder: string) =>
  new EmulatorError(
    'ERR_INVALID_OPTIONS',
    `persistDir: "${dir}" is in use by ${holder}, per the lock file ${path.join(dir, LOCK_FILE_NAME)}. ` +
      'Stop that emulator, or give this one another persist directory; if no emulator uses it, delete the lock file.',
  );

/** What this process writes in a lock file: its pid and start time. */
const ownLock = () => `${process.pid} ${readProcessStartTime(process.pid)}\n`;

describe('acquirePersistLock', () => {
  const cleanup = useCleanup();

  it('creates the directory and a lock file holding our pid, removed on release', async () => {
    const dir = path.join(await createTempDir(cleanup), 'nested', 'data');
    const lock = await acquirePersistLock(dir);
    expect(lock.file).toBe(path.join(dir, LOCK_FILE_NAME));
    expect(await readFile(lock.file, 'utf8')).toBe(ownLock());
    await lock.release();
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a directory held by a live process, naming it', async () => {
    const dir = await createTempDir(cleanup);
    await writeFile(path.join(dir, LOCK_FILE_NAME), `${process.ppid}\n`);
    const attempt = acquirePersistLock(dir);
    await expect(attempt).rejects.toThrow(busy(dir, `process ${process.ppid}`));
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', name: 'EmulatorError [ERR_INVALID_OPTIONS]' });
  });

  it('says so when the holder is this very process', async () => {
    const dir = await createTempDir(cleanup);
    const first = await acquirePersistLock(dir);
    cleanup(() => first.release());
    await expect(acquirePersistLock(dir)).rejects.toThrow(busy(dir, `another emulator in this process (pid ${process.pid})`));
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = await createTempDir(cleanup);
    const stale = deadPid();
    expect(isProcessAlive(stale)).toBe(false);
    await writeFile(path.join(dir, LOCK_FILE_NAME), `${stale}\n`);
    const lock = await acquirePersistLock(dir);
    cleanup(() => lock.release());
    expect(await readFile(lock.file, 'utf8')).toBe(ownLock());
    expect((await readdir(dir)).sort()).toEqual([LOCK_FILE_NAME]);
  });

  it('refuses a fresh empty lock file (its process is writing it), and takes over an old one (its process died)', async () => {
    const dir = await createTempDir(cleanup);
    const file = path.join(dir, LOCK_FILE_NAME);
    await writeFile(file, '');
    await expect(acquirePersistLock(dir)).rejects.toThrow(busy(dir, 'another process starting at the same time'));
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(file, minuteAgo, minuteAgo);
    const lock = await acquirePersistLock(dir);
    cleanup(() => lock.release());
    expect(await readFile(lock.file, 'utf8')).toBe(ownLock());
  });

  it('takes over a lock whose pid now belongs to a process started later (pid reuse)', async () => {
    const dir = await createTempDir(cleanup);
    // The parent process is alive, but it did not start at the time the lock file records.
    await writeFile(path.join(dir, LOCK_FILE_NAME), `${process.ppid} 1\n`);
    const lock = await acquirePersistLock(dir);
    cleanup(() => lock.release());
    expect(await readFile(lock.file, 'utf8')).toBe(ownLock());
  });

  it('reads the start time Linux records for a process', () => {
    expect(readProcessStartTime(process.pid)).toMatch(/^\d+$/);
    expect(readProcessStartTime(deadPid())).toBeUndefined();
  });

  it('reports a directory it cannot create', async () => {
    const file = path.join(await createTempDir(cleanup), 'a-file');
    await writeFile(file, 'x');
    await expect(acquirePersistLock(path.join(file, 'data'))).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      message: expect.stringMatching(/^persistDir: cannot create ".*a-file\/data" \(ENOTDIR: .*\); choose a directory you can write to$/),
    });
  });

  it('does not remove a lock that is no longer ours', async () => {
    const dir = await createTempDir(cleanup);
    const lock = await acquirePersistLock(dir, { pid: 11 });
    await writeFile(lock.file, '12\n');
    await lock.release();
    expect(await readFile(lock.file, 'utf8')).toBe('12\n');
  });
});
