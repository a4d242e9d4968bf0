// Open-file limit: the disconnect storm holds one socket per connection in this process, and the
// emulator one more per connection in its own. Node cannot raise its own limit, so the bench
// re-runs itself under `ulimit -n` (a shell builtin) when the hard limit allows.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** File descriptors kept free beyond the connections: files, pipes, DynamoDB, the server. */
export const FD_MARGIN = 1024;

/** The soft and hard `Max open files` of this process, from /proc (undefined off Linux). */
export function readFdLimit() {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line ?? '').split(/\s+/).slice(3, 5).map((v) => (v === 'unlimited' ? Infinity : Number(v)));
    return Number.isNaN(soft) || Number.isNaN(hard) ? undefined : { soft, hard };
  } catch {
    return undefined;
  }
}

/**
 * Makes room for `needed` descriptors: when the soft limit is too low and the hard one allows,
 * runs this script again under `ulimit -n` and exits with its code (never returns). Otherwise
 * returns the limit to plan with.
 */
export function ensureFdLimit(needed, env = process.env) {
  const limit = readFdLimit();
  if (limit === undefined || limit.soft >= needed || env.BENCH_FD_RAISED === '1' || limit.hard < needed) return limit;
  console.error(`bench: ulimit -n is ${limit.soft}; raising it to ${needed} (hard limit ${limit.hard}) and starting again`);
  const result = spawnSync('/bin/sh', ['-c', `ulimit -n ${needed} && exec "$0" "$@"`, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...env, BENCH_FD_RAISED: '1' },
  });
  process.exit(result.status ?? 1);
}
