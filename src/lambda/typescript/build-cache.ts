/**
 * The cache of TypeScript builds: a folder per function build holding the built module and a
 * manifest of the source files it was built from, each with the hash of its content. A build is
 * reused only when every one of those files still has the same content (not just the same time:
 * an edit within a second, or a checkout that restores times, must not run stale code).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What a cached build records. */
export interface BuildManifest {
  /** The key of the settings it was built with. */
  readonly key: string;
  /** The built module, relative to the manifest's folder. */
  readonly output: string;
  /** Each source file (absolute) and the sha256 of its content. */
  readonly inputs: Readonly<Record<string, string>>;
}

export const MANIFEST_NAME = 'manifest.json';

/** sha256 of a file's content, or undefined when it is gone. */
export function hashFile(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/** A short key for a build's settings. */
export function buildKey(settings: unknown): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

/** The built module of a still-valid cached build in `dir`, or undefined. */
export function findCachedBuild(dir: string, key: string): string | undefined {
  let manifest: BuildManifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_NAME), 'utf8')) as BuildManifest;
  } catch {
    return undefined;
  }
  if (manifest.key !== key) return undefined;
  const output = path.join(dir, manifest.output);
  if (!existsSync(output)) return undefined;
  for (const [file, hash] of Object.entries(manifest.inputs)) {
    if (hashFile(file) !== hash) return undefined;
  }
  return output;
}

/**
 * The folder a build of `entry` belongs to: the nearest one above it with a package.json or
 * node_modules. Its cache is `node_modules/.cache/apigw-ws-local/` there: packages stay outside the
 * bundle, so the built module must resolve them as the source file would, and from there Node
 * walks up the same folders.
 */
export function findPackageDir(entry: string): string {
  for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'node_modules'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(entry);
  }
}

/** The cache folder of a package folder. */
export function buildCacheRoot(packageDir: string): string {
  return path.join(packageDir, 'node_modules', '.cache', 'apigw-ws-local');
}
