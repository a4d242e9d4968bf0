// The floor: how much CPU the workload's handlers spend in the AWS SDK alone, per operation, with
// no emulator and no transport at all (bench/floor/sdk-cost.mjs, in a process of its own). No
// emulator can serve an operation with less CPU than its handler's own SDK work, so with C cores
// echo can never exceed C / (CPU per message) messages per second, nor a fan-out to n members
// finish sooner than the CPU of its Query and n PostToConnection calls, which one invocation runs
// on one thread. report.mjs turns these numbers into the best result each goal could have here.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const FLOOR_TIMEOUT_MS = 180_000;
const SCRIPT = 'bench/floor/sdk-cost.mjs';

/**
 * Measures the floor for one SDK path: the SDK copy the in-process handlers resolve (the
 * project's own), or a bundle of it made as the bundled handlers are made.
 * @param {{ sdkPath: string, projectRoot: string, workDir: string }} plan
 * @returns {Promise<{ echo_ms: number, connect_cycle_ms: number, broadcast_ms: Record<string, number> }>}
 */
export async function measureSdkFloor(plan) {
  let script = path.join(plan.projectRoot, SCRIPT);
  if (plan.sdkPath === 'bundled') {
    const outDir = path.join(plan.workDir, 'floor');
    mkdirSync(outDir, { recursive: true });
    const outfile = path.join(outDir, 'sdk-cost.mjs');
    // As the bundled handlers are made (workload.mjs), but as an ES module, which top-level await
    // needs (with a `require` for the SDK's CommonJS files): the SDK code inside is the same.
    const banner = { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" };
    await build({ entryPoints: [script], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', banner });
    script = outfile;
  }
  const { stdout } = await run(process.execPath, [script], {
    cwd: plan.projectRoot,
    timeout: FLOOR_TIMEOUT_MS,
    // What a Lambda environment has: a region and credentials in the environment.
    env: { ...process.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}
