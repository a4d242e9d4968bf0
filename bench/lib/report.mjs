// Pure presentation: what each result says in one table cell, the goals of issue #12 and whether
// a result meets them, and the table itself.

/**
 * The goals, each on one row of the table. `value(result)` picks the number the goal is about
 * from that row's result; `paths` limits a goal to some SDK paths. `best(floor, cores, result)`,
 * where there is one, is the best value the goal's number could have on a machine with `cores`
 * cores given the SDK floor (sdk-floor.mjs: the handlers' own SDK CPU, with no emulator at all)
 * and, for the goals all cores share, the CPU the load generator itself used per operation in
 * that row's run (`client_cpu_ms_per_op`), since it runs on the same cores.
 * @typedef {{ echo_ms: number, connect_cycle_ms: number, broadcast_ms: Record<string, number> }} SdkFloor
 * @type {ReadonlyArray<{ row: string, text: string, value: (r: any) => number | undefined, meets: (v: number) => boolean,
 *   paths?: readonly string[], best?: (floor: SdkFloor, cores: number, result: any) => number | undefined, unit?: string }>}
 */
export const GOALS = [
  // One client: each round trip holds at least one PostToConnection's CPU.
  { row: 'echo c=1', text: 'RTT p99 <= 10 ms', value: (r) => r?.rtt_ms?.p99, meets: (v) => v <= 10, best: (f) => f.echo_ms, unit: 'ms' },
  // All cores doing nothing but the SDK's work of one message each, and the load generator's.
  { row: 'echo c=10', text: '>= 2,500 msgs/s (in-process)', value: (r) => r?.msgs_per_s, meets: (v) => v >= 2500, paths: ['in-process'], best: (f, cores, r) => (cores * 1000) / (f.echo_ms + clientCpu(r)), unit: 'msgs/s' },
  // Little's law: 10 clients each with one message in flight wait 10 / throughput on average.
  { row: 'echo c=10', text: 'RTT p99 <= 10 ms', value: (r) => r?.rtt_ms?.p99, meets: (v) => v <= 10, best: (f, cores, r) => (10 * (f.echo_ms + clientCpu(r))) / cores, unit: 'ms' },
  // One invocation runs its Query and every PostToConnection on one thread.
  { row: 'broadcast n=10', text: 'fan-out p50 <= 5 ms', value: (r) => r?.fanout_ms?.p50, meets: (v) => v <= 5, best: (f) => f.broadcast_ms['10'], unit: 'ms' },
  { row: 'broadcast n=100', text: 'fan-out p50 <= 35 ms', value: (r) => r?.fanout_ms?.p50, meets: (v) => v <= 35, best: (f) => f.broadcast_ms['100'], unit: 'ms' },
  { row: 'broadcast n=1000', text: 'fan-out p50 <= 300 ms', value: (r) => r?.fanout_ms?.p50, meets: (v) => v <= 300, best: (f) => f.broadcast_ms['1000'], unit: 'ms' },
  // All cores doing nothing but the $connect PutItem and the $disconnect DeleteItem, and the load generator's work.
  { row: 'connect w=10', text: '>= 700 connects/s', value: (r) => r?.connects_per_s, meets: (v) => v >= 700, best: (f, cores, r) => (cores * 1000) / (f.connect_cycle_ms + clientCpu(r)), unit: 'connects/s' },
  { row: 'peak RSS', text: '<= 250 MiB', value: (r) => r?.mib, meets: (v) => v <= 250 },
  { row: 'disconnect storm', text: '0 lost, 0 rows left', value: (r) => (r === undefined ? undefined : r.lost + r.rows_left), meets: (v) => v === 0 },
];

/** The load generator's CPU ms per operation in a row's result; 0 when not measured. */
function clientCpu(result) {
  return typeof result?.client_cpu_ms_per_op === 'number' ? result.client_cpu_ms_per_op : 0;
}

/** `1234.5` → `1,235`; small numbers keep one decimal (`3.25` → `3.3`); undefined → `-`. */
export function formatNumber(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '-';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Math.round(value * 10) / 10);
}

/** One table cell saying what a row's result is. */
export function describeResult(row, result) {
  if (result === undefined) return 'not run';
  const n = formatNumber;
  const lost = result.lost > 0 ? `, LOST ${n(result.lost)}` : '';
  const cpu = result.cpu_ms_per_op === undefined ? '' : `; CPU ${n(result.cpu_ms_per_op)} ms/${row.startsWith('echo') ? 'msg' : row.startsWith('broadcast') ? 'round' : 'connect'}`;
  const errors = result.errors > 0 ? `, ${n(result.errors)} error replies` : '';
  // The wait after the scenario until the server was quiet (its $disconnects done): settle.mjs.
  const teardown = typeof result.teardown_s === 'number' ? `; quiet ${n(result.teardown_s)} s after` : '';
  if (row.startsWith('echo')) {
    const { p50, p95, p99, max } = result.rtt_ms ?? {};
    return `${n(result.msgs_per_s)} msgs/s; RTT ${n(p50)}/${n(p95)}/${n(p99)}/${n(max)} ms${cpu}${lost}${errors}${teardown}`;
  }
  if (row.startsWith('broadcast')) {
    const { p50, p99 } = result.fanout_ms ?? {};
    return `fan-out p50 ${n(p50)} ms, p99 ${n(p99)} ms${cpu}${lost}${errors}${teardown}`;
  }
  if (row.startsWith('connect')) return `${n(result.connects_per_s)} connects/s; p50 ${n(result.connect_ms?.p50)} ms${cpu}${lost}${teardown}`;
  if (row === 'peak RSS') return `${n(result.mib)} MiB`;
  if (row === 'disconnect storm') {
    return `${n(result.opened)} open; $disconnect ok ${n(result.disconnect_ok)}, lost ${n(result.lost)}; rows left ${n(result.rows_left)}`;
  }
  return JSON.stringify(result);
}

/** `✓` or `✗` for each goal of `row` that applies to `path`, or '' when none does. */
export function markGoals(row, path, result) {
  return GOALS.filter((goal) => goal.row === row && (goal.paths === undefined || goal.paths.includes(path)))
    .map((goal) => {
      const value = goal.value(result);
      return value !== undefined && goal.meets(value) ? '✓' : '✗';
    })
    .join('');
}

/**
 * The rows of the results table: one per workload, a cell per SDK path, then the goals.
 * @param {readonly string[]} rows workload names, in order
 * @param {Record<string, Record<string, any>>} byPath path → row → result
 */
export function buildTableRows(rows, byPath) {
  const paths = Object.keys(byPath);
  return rows.map((row) => [
    row,
    ...paths.map((path) => {
      const result = byPath[path][row];
      const marks = result === undefined ? '' : markGoals(row, path, result);
      return `${describeResult(row, result)}${marks ? ` ${marks}` : ''}`;
    }),
    GOALS.filter((goal) => goal.row === row).map((goal) => goal.text).join('; '),
  ]);
}

/**
 * The rows of the floor table: for each goal that has one, the best value the handlers' own SDK
 * work (and the load generator's, where all cores are shared) allows on this machine, per SDK
 * path, and whether the goal lies within it.
 * @param {Record<string, SdkFloor>} floorsByPath
 * @param {number} cores
 * @param {Record<string, Record<string, any>>} [resultsByPath] path → row → result (for the load generator's CPU)
 */
export function buildFloorRows(floorsByPath, cores, resultsByPath = {}) {
  return GOALS.filter((goal) => goal.best !== undefined).map((goal) => [
    `${goal.row}: ${goal.text}`,
    ...Object.entries(floorsByPath).map(([path, floor]) => {
      if (goal.paths !== undefined && !goal.paths.includes(path)) return '-';
      const best = goal.best?.(floor, cores, resultsByPath[path]?.[goal.row]);
      if (best === undefined || !Number.isFinite(best)) return '-';
      const bound = goal.unit === 'ms' ? '>=' : '<=';
      return `${bound} ${formatNumber(best)} ${goal.unit}: ${goal.meets(best) ? 'reachable' : 'UNREACHABLE'}`;
    }),
  ]);
}

/**
 * A Markdown table with padded columns.
 * @param {readonly string[]} headers
 * @param {ReadonlyArray<readonly string[]>} rows
 */
export function formatTable(headers, rows) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells) => `| ${cells.map((cell, i) => (cell ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
