import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { EmulatorError } from '../errors.js';

/** The lock file, inside the persist directory. It holds the owner's pid. */
export const LOCK_FILE_NAME = '.apigw-ws-local.lock';

export interface PersistLock {
  readonly file: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): Promise<void>;
}

export interface PersistLockOptions {
  /** Default `process.pid`. */
  readonly pid?: number;
  /** Default: signal 0 to the pid (alive unless ESRCH). */
  readonly isAlive?: (pid: number) => boolean;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the persist directory for this process. Two dynalite instances on one LevelDB directory
 * crash the process with an error nobody can catch, so this fails first, with a clear error:
 * the lock file is created exclusively (`wx`); one left by a dead process is taken over.
 *
 * @throws EmulatorError ERR_INVALID_OPTIONS when another live process holds the directory, or
 * the directory cannot be created.
 */
export async function acquirePersistLock(dir: string, options: PersistLockOptions = {}): Promise<PersistLock> {
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? isProcessAlive;
  const file = path.join(dir, LOCK_FILE_NAME);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new EmulatorError('ERR_INVALID_OPTIONS', `persistDir: cannot create "${dir}" (${(error as Error).message}); choose a directory you can write to`, { cause: error });
  }
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await tryCreate(file, pid)) {
      let released: Promise<void> | undefined;
      return { file, release: () => (released ??= release(file, pid)) };
    }
    const holder = await readPid(file);
    if (holder === undefined) continue; // removed meanwhile: try again
    if (Number.isNaN(holder)) throw busy(dir, file, 'an unknown process (no pid in the lock file)');
    if (isAlive(holder)) throw busy(dir, file, holder === pid ? `another emulator in this process (pid ${pid})` : `process ${holder}`);
    await takeOver(file, holder, pid);
  }
  throw busy(dir, file, 'another process starting at the same time');
}

function busy(dir: string, file: string, holder: string): EmulatorError {
  return new EmulatorError(
    'ERR_INVALID_OPTIONS',
    `persistDir: "${dir}" is in use by ${holder}, per the lock file ${file}. ` +
      'Stop that emulator, or give this one another persist directory; if no emulator uses it, delete the lock file.',
  );
}

async function tryCreate(file: string, pid: number): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new EmulatorError('ERR_INVALID_OPTIONS', `persistDir: cannot create the lock file ${file} (${(error as Error).message}); choose a directory you can write to`, { cause: error });
  }
  try {
    await handle.writeFile(`${pid}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** The pid in a lock file; NaN when it holds none; undefined when the file is gone. */
async function readPid(file: string): Promise<number | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return /^\d+$/.test(text) ? Number(text) : Number.NaN;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Moves a dead process's lock aside. Renaming is atomic, so of two processes taking over at once
 * only one moves it; if what we moved was already someone's fresh lock, it is linked back.
 */
async function takeOver(file: string, stalePid: number, pid: number): Promise<void> {
  const aside = `${file}.${pid}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((await readPid(aside)) !== stalePid) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function release(file: string, pid: number): Promise<void> {
  if ((await readPid(file).catch(() => undefined)) !== pid) return;
  await unlink(file).catch(() => undefined);
}
