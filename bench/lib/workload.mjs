// The workload's handlers, prepared in the work folder for one of the two SDK paths:
// - in-process: the ES modules as they are; their `@aws-sdk/*` imports resolve to the emulator's
//   own SDK copy, as Lambda's runtime provides the SDK, so @connections calls stay in-process;
// - bundled: each handler bundled with its own SDK copy by esbuild, as serverless-esbuild and
//   `sam build` do, so @connections goes over the HTTPS redirect and DynamoDB over loopback HTTP.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const SDK_PATHS = ['in-process', 'bundled'];

const HANDLER_FILES = { $connect: 'connect', $disconnect: 'disconnect', $default: 'default', echo: 'echo', join: 'join', sendAll: 'send-all' };

export const TABLES = ['bench-connections:connectionId', 'bench-rooms:room:connectionId'];
export const HANDLER_ENV = { TABLE_CONNECTIONS: 'bench-connections', TABLE_ROOMS: 'bench-rooms' };

/** Route key → `handlers/FILE.handler`, relative to the folder `prepareHandlers` returns. */
export const ROUTES = Object.fromEntries(Object.entries(HANDLER_FILES).map(([key, file]) => [key, `handlers/${file}.handler`]));

/**
 * Writes the handlers for `sdkPath` into `workDir/<folder>/handlers` and returns `workDir/<folder>`.
 * @param {string} sdkPath
 * @param {string} sourceDir bench/handlers
 * @param {string} workDir
 * @param {string} [folder] default: the SDK path's name
 */
export async function prepareHandlers(sdkPath, sourceDir, workDir, folder = sdkPath) {
  const root = path.join(workDir, folder);
  const out = path.join(root, 'handlers');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  if (sdkPath === 'in-process') {
    for (const file of readdirSync(sourceDir)) cpSync(path.join(sourceDir, file), path.join(out, file));
    return root;
  }
  // One bundle per function, each with every module it needs (the SDK included), as CommonJS:
  // the output format serverless-esbuild and SAM's esbuild builder default to.
  await build({
    entryPoints: Object.values(HANDLER_FILES).map((file) => path.join(sourceDir, `${file}.mjs`)),
    outdir: out,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return root;
}
