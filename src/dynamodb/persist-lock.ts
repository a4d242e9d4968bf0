import { readFileSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { EmulatorError } from '../errors.js';

/**
 * The lock file, inside the persist directory. It holds the owner's pid and, on Linux, the
 * process's start time, so a pid the system has since given to another process is not mistaken
 * for the owner.
 */
export const LOCK_FILE_NAME = '.apigw-ws-local.lock';
/** An empty lock file older than this was left by a process that died while creating it. */
export const EMPTY_LOCK_STALE_MS = 5000;

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
  /** When the process with this pid started, as a comparable string; undefined where unknown. Default: /proc. */
  readonly startTimeOf?: (pid: number) => string | undefined;
}

/** Field 22 of /proc/PID/stat: the process's start time in clock ticks since boot (Linux); undefined elsewhere. */
export function readProcessStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
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
  const startTimeOf = options.startTimeOf ?? readProcessStartTime;
  const content = [pid, startTimeOf(pid)].filter((part) => part !== undefined).join(' ') + '\n';
  const file = path.join(dir, LOCK_FILE_NAME);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new EmulatorError('ERR_INVALID_OPTIONS', `persistDir: cannot create "${dir}" (${(error as Error).message}); choose a directory you can write to`, { cause: error });
  }
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await tryCreate(file, content)) {
      let released: Promise<void> | undefined;
      return { file, release: () => (released ??= release(file, pid)) };
    }
    const holder = await readHolder(file);
    if (holder === undefined) continue; // removed meanwhile: try again
    if (holder === 'none') {
      // A process that created the file is about to write its pid, unless it died doing so.
      if (!(await isOlderThan(file, EMPTY_LOCK_STALE_MS))) throw busy(dir, file, 'another process starting at the same time');
    } else if (isAlive(holder.pid) && (holder.startTime === undefined || holder.startTime === startTimeOf(holder.pid))) {
      throw busy(dir, file, holder.pid === pid ? `another emulator in this process (pid ${pid})` : `process ${holder.pid}`);
    }
    // Dead, or its pid now belongs to a process started later: the lock is stale.
    await takeOver(file, holder === 'none' ? '' : holder.text, pid);
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

async function tryCreate(file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new EmulatorError('ERR_INVALID_OPTIONS', `persistDir: cannot create the lock file ${file} (${(error as Error).message}); choose a directory you can write to`, { cause: error });
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

interface LockHolder {
  readonly pid: number;
  readonly startTime: string | undefined;
  /** The file's content, trimmed. */
  readonly text: string;
}

/** Who a lock file names; 'none' when it names nobody (empty, garbage); undefined when the file is gone. */
async function readHolder(file: string): Promise<LockHolder | 'none' | undefined> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const match = /^(\d+)(?: (\d+))?$/.exec(text);
  if (match === null) return 'none';
  return { pid: Number(match[1]), startTime: match[2], text };
}

async function isOlderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs > ms;
  } catch {
    return false;
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/**
 * Moves a dead process's lock aside. Renaming is atomic, so of two processes taking over at once
 * only one moves it; if what we moved was already someone's fresh lock, it is linked back.
 */
async function takeOver(file: string, staleText: string, pid: number): Promise<void> {
  const aside = `${file}.${pid}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((await readText(aside)) !== staleText) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function release(file: string, pid: number): Promise<void> {
  const holder = await readHolder(file).catch(() => undefined);
  if (holder === undefined || holder === 'none' || holder.pid !== pid) return;
  await unlink(file).catch(() => undefined);
}
