// Open-file limit: the disconnect storm holds one socket per connection in this process, and the
// emulator (a child, with the same limit) one more per connection in its own. Node raises its
// soft RLIMIT_NOFILE to the hard limit when it starts (a shell at `ulimit -Sn 1500` under a hard
// limit of 20,000 starts node with 20,000), so only the hard limit can be too low; nothing a
// process can do raises that.
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

/** The storm size that fits under `limit`: `wanted`, or fewer when the limit is lower. */
export function fitStorm(wanted, limit) {
  if (limit === undefined || limit.soft >= wanted + FD_MARGIN) return wanted;
  return Math.max(0, limit.soft - FD_MARGIN);
}
