// Peak resident memory of a process and all its descendants (worker threads are inside their
// process; child processes are added), sampled from Linux's /proc every `intervalMs`; and the CPU
// time such a tree has used, read from the same files.
import { readFileSync, readdirSync } from 'node:fs';

const PAGE_KIB = 4;
/** Linux reports utime/stime in clock ticks of 10 ms (USER_HZ 100 on every common build). */
const MS_PER_TICK = 10;

/** Starts sampling `rootPid`'s tree; `stop()` ends it and returns the peak in KiB (0 without /proc). */
export function startRssSampler(rootPid, intervalMs = 100) {
  let peakKiB = 0;
  const sample = () => {
    peakKiB = Math.max(peakKiB, readTreeRssKiB(rootPid));
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    get peakKiB() {
      return peakKiB;
    },
    stop() {
      clearInterval(timer);
      sample();
      return peakKiB;
    },
  };
}

/** The summed RSS (KiB) of `rootPid` and its descendants now; 0 when /proc cannot be read. */
export function readTreeRssKiB(rootPid) {
  return sumTree(rootPid, 'rssKiB');
}

/** CPU time (user + system, ms) used so far by `rootPid` and its live descendants; 0 without /proc. */
export function readTreeCpuMs(rootPid) {
  return sumTree(rootPid, 'cpuMs');
}

/**
 * Starts metering the CPU of the trees of `rootPids`; the returned function gives the CPU ms they
 * used since (undefined without /proc).
 * @param {readonly number[]} rootPids
 * @returns {() => number | undefined}
 */
export function startCpuMeter(rootPids) {
  const read = () => rootPids.reduce((sum, pid) => sum + readTreeCpuMs(pid), 0);
  const before = read();
  return () => {
    const used = read() - before;
    return before === 0 && used === 0 ? undefined : used;
  };
}

function sumTree(rootPid, field) {
  let entries;
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  const processes = new Map();
  for (const pid of entries) {
    const stat = readStat(pid);
    if (stat) processes.set(Number(pid), stat);
  }
  let total = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = /** @type {number} */ (pending.pop());
    total += processes.get(pid)?.[field] ?? 0;
    for (const [child, stat] of processes) if (stat.ppid === pid) pending.push(child);
  }
  return total;
}

/** ppid, rss and CPU from /proc/PID/stat (fields 4, 24, 14 and 15, counted after the parenthesised name). */
function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), rssKiB: Number(fields[21]) * PAGE_KIB, cpuMs: (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK };
  } catch {
    return undefined; // the process ended meanwhile
  }
}
