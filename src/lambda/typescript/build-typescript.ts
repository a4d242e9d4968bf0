/**
 * Builds a TypeScript handler with esbuild before it runs, as `sam build` with `BuildMethod:
 * esbuild`, serverless-esbuild and friends do on deploy: transpiled, never type-checked (a type
 * error stops nothing), relative imports bundled, `tsconfig.json` `paths` followed (esbuild reads
 * them), and every package left out of the bundle so it resolves from the project's node_modules
 * (and the SDK from the runtime's) at run time. Source maps are inline, so stack traces name the
 * `.ts` lines. https://esbuild.github.io/api/#build
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedBuild } from '../types.js';
import { buildCacheRoot, buildKey, findCachedBuild, findPackageDir, hashFile, MANIFEST_NAME, type BuildManifest } from './build-cache.js';

/** A build's result: the module to load, or esbuild's error messages. */
export type BuildResult =
  | { readonly ok: true; readonly moduleFile: { readonly path: string; readonly loader: 'require' | 'import' }; readonly cached: boolean }
  | { readonly ok: false; readonly error: string };

interface EsbuildMessage {
  readonly text: string;
  readonly location?: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/** Builds `build` (or reuses its cached build when no source file changed). */
export async function buildTypeScript(build: ResolvedBuild): Promise<BuildResult> {
  const target = build.target ?? `node${process.versions.node}`;
  const extension = build.format === 'esm' ? '.mjs' : '.cjs';
  const loader = build.format === 'esm' ? 'import' : 'require';
  const settings = { entry: build.entry, format: build.format, target, external: build.external, tsconfig: build.tsconfig };
  const key = buildKey(settings);
  const name = path.basename(build.entry, path.extname(build.entry));
  const workingDir = findPackageDir(build.entry);
  const dir = path.join(buildCacheRoot(workingDir), `${name}-${key}`);
  const cached = findCachedBuild(dir, key);
  if (cached !== undefined) return { ok: true, moduleFile: { path: cached, loader }, cached: true };
  // Loaded only when something is built: a warm start never starts esbuild's service.
  const esbuild = await import('esbuild');
  const output = path.join(dir, name + extension);
  try {
    const result = await esbuild.build({
      entryPoints: [build.entry],
      absWorkingDir: workingDir,
      bundle: true,
      packages: 'external',
      external: [...build.external],
      platform: 'node',
      format: build.format,
      target,
      outfile: output,
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      ...(build.tsconfig === undefined ? {} : { tsconfig: build.tsconfig }),
    });
    const inputs: Record<string, string> = {};
    for (const input of Object.keys(result.metafile.inputs)) {
      const file = path.resolve(workingDir, input);
      inputs[file] = hashFile(file) ?? '';
    }
    const manifest: BuildManifest = { key, output: path.basename(output), inputs };
    writeFileSync(path.join(dir, MANIFEST_NAME), JSON.stringify(manifest, null, 2));
    return { ok: true, moduleFile: { path: output, loader }, cached: false };
  } catch (error) {
    rmSync(path.join(dir, MANIFEST_NAME), { force: true });
    return { ok: false, error: formatBuildError(error, workingDir) };
  }
}

/** esbuild's errors as `file:line:column: text` lines (relative to the project), or the error itself. */
function formatBuildError(error: unknown, workingDir: string): string {
  const errors = (error as { errors?: readonly EsbuildMessage[] } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return String(error);
  return errors
    .map((message) => {
      const at = message.location;
      return at ? `${path.relative(process.cwd(), path.resolve(workingDir, at.file))}:${at.line}:${at.column + 1}: ${message.text}` : message.text;
    })
    .join('; ');
}
