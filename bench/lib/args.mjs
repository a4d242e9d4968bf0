// The bench's command line, checked once; every count has an upper bound, so no run is endless.
import { parseArgs } from 'node:util';
import { SDK_PATHS } from './workload.mjs';

const MAX_REPEAT = 20;
const MAX_WARMUP_RUNS = 5;
const MAX_STORM_CONNECTIONS = 50_000;

export const USAGE = `usage: npm run bench -- [options]
  --sdk in-process|bundled|both   which SDK path(s) the handlers use (default: both)
  --repeat N                      run the matrix N times per path and report medians (default: 1, at most ${MAX_REPEAT})
  --warmup-runs N                 run the whole matrix N times unmeasured on each server first: steady state (default: 0, at most ${MAX_WARMUP_RUNS})
  --quick                         small sizes: a smoke run of every scenario
  --storm-connections N           connections the disconnect storm opens (default: 10000; quick: 1000)
  --skip-storm                    leave the disconnect storm out
  --json FILE                     where the results go (default: .bench-work/results.json)
  --work DIR                      scratch folder (default: .bench-work)
  --compare-serverless-offline DIR  also run the workload under serverless-offline installed in DIR`;

/** Parses and checks `argv`; throws an Error whose message names the option and the fix. */
export function parseBenchArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      sdk: { type: 'string', default: 'both' },
      repeat: { type: 'string', default: '1' },
      'warmup-runs': { type: 'string', default: '0' },
      quick: { type: 'boolean', default: false },
      'storm-connections': { type: 'string' },
      'skip-storm': { type: 'boolean', default: false },
      json: { type: 'string' },
      work: { type: 'string' },
      'compare-serverless-offline': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.sdk !== 'both' && !SDK_PATHS.includes(values.sdk)) throw new Error(`--sdk must be in-process, bundled or both (got "${values.sdk}")`);
  return {
    help: values.help,
    sdkPaths: values.sdk === 'both' ? SDK_PATHS : [values.sdk],
    repeat: parseCount('--repeat', values.repeat, MAX_REPEAT),
    warmupRuns: values['warmup-runs'] === '0' ? 0 : parseCount('--warmup-runs', values['warmup-runs'], MAX_WARMUP_RUNS),
    quick: values.quick,
    stormConnections: values['skip-storm'] ? 0 : values['storm-connections'] === undefined ? undefined : parseCount('--storm-connections', values['storm-connections'], MAX_STORM_CONNECTIONS),
    json: values.json,
    work: values.work,
    serverlessOfflineDir: values['compare-serverless-offline'],
  };
}

function parseCount(flag, text, max) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${flag} must be a whole number from 1 to ${max} (got "${text}")`);
  return value;
}
