// Peak resident memory of a process and all its descendants (worker threads are inside their
// process; child processes are added), sampled from Linux's /proc every `intervalMs`.
import { readFileSync, readdirSync } from 'node:fs';

const PAGE_KIB = 4;

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
    total += processes.get(pid)?.rssKiB ?? 0;
    for (const [child, stat] of processes) if (stat.ppid === pid) pending.push(child);
  }
  return total;
}

/** ppid and rss from /proc/PID/stat (fields 4 and 24, counted after the parenthesised name). */
function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), rssKiB: Number(fields[21]) * PAGE_KIB };
  } catch {
    return undefined; // the process ended meanwhile
  }
}
