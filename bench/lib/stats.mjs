// Pure numbers: percentiles of samples and medians across repeated runs.

/**
 * The p-th percentile (0 < p <= 100) of `samples` by the nearest-rank method: the smallest value
 * with at least p% of the samples at or below it. Undefined for no samples.
 * @param {readonly number[]} samples
 * @param {number} p
 * @returns {number | undefined}
 */
export function percentile(samples, p) {
  if (samples.length === 0) return undefined;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

/**
 * p50, p95, p99 and max of `samples`, each rounded to 0.01; undefined for no samples.
 * @param {readonly number[]} samples
 * @returns {{ n: number, p50: number, p95: number, p99: number, max: number } | undefined}
 */
export function summarise(samples) {
  if (samples.length === 0) return undefined;
  const at = (p) => round2(/** @type {number} */ (percentile(samples, p)));
  return { n: samples.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

/**
 * The median of the defined values (mean of the middle two for an even count); undefined if none.
 * @param {ReadonlyArray<number | undefined>} values
 * @returns {number | undefined}
 */
export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Merges the results of repeated runs of one scenario: every numeric leaf becomes the median of
 * that leaf across runs; other leaves come from the first run.
 * @param {readonly object[]} runs
 * @returns {object}
 */
export function medianOfRuns(runs) {
  const [first] = runs;
  if (runs.length <= 1) return first;
  const merge = (values) => {
    const sample = values.find((v) => v !== undefined);
    if (typeof sample === 'number') return median(values);
    if (sample === null || typeof sample !== 'object' || Array.isArray(sample)) return sample;
    const keys = [...new Set(values.flatMap((v) => (v && typeof v === 'object' ? Object.keys(v) : [])))];
    return Object.fromEntries(keys.map((key) => [key, merge(values.map((v) => v?.[key]))]));
  };
  return merge(runs);
}

/**
 * The CPU a scenario's measured phase used: `server`, the processes under test (undefined when
 * /proc cannot be read), and `client`, the bench's own process (the load generator), in ms.
 * @typedef {{ server: number | undefined, client: number }} CpuUsed
 */

/**
 * The CPU of a measured phase in all (`cpu_ms`), per operation (`cpu_ms_per_op`: per message,
 * round or connection) and the load generator's per operation (`client_cpu_ms_per_op`); nothing
 * when it was not metered or nothing was done.
 * @param {CpuUsed | undefined} cpu
 * @param {number} operations
 */
export function cpuPerOperation(cpu, operations) {
  if (cpu === undefined || operations === 0) return {};
  const client = { client_cpu_ms_per_op: round2(cpu.client / operations) };
  if (cpu.server === undefined) return client;
  return { cpu_ms: cpu.server, cpu_ms_per_op: round2(cpu.server / operations), ...client };
}

/** @param {number} value */
export function round2(value) {
  return Math.round(value * 100) / 100;
}
