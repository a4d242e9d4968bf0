/**
 * `--watch`: watches the functions' code folders (their layers and TypeScript entries too) and the
 * project files, and reloads the running emulator when they change, connections staying open.
 *
 * chokidar, not `fs.watch({ recursive: true })`: on Linux, Node 20's recursive watch cannot skip
 * `node_modules`, so it holds an inotify watch for every file and folder below (7,055 for a
 * project of 1,000 files beside a node_modules of 2,000 packages, against chokidar's 1,054 with
 * node_modules left out; measured, docs/watch.md#the-watcher), close to the default per-user limit
 * of some distributions. Events are debounced: an editor's save is several events.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { EmulatorOptions } from '../config/options.js';
import type { FunctionDefinition } from '../lambda/types.js';
import type { Logger } from '../log/logger.js';
import { EMPTY_REPORT, formatReloadLine, type ReloadReport } from '../reload/reload-report.js';
import { codeFoldersOf, isInside } from '../reload/touched-functions.js';

/** Quiet time after the last file event before a reload starts (an editor's save is several events). */
export const WATCH_DEBOUNCE_MS = 40;

/** What the watcher reloads: an emulator, or anything with its reload methods. */
export interface Reloadable {
  readonly options: { readonly functions: readonly FunctionDefinition[]; readonly apiId: string };
  reloadCode(files: readonly string[]): Promise<ReloadReport>;
  reloadProject(options: EmulatorOptions, changedFiles: readonly string[]): Promise<ReloadReport>;
}

/** The project files read again: their options, or the problems that stop them from applying. */
export type ProjectLoad = { readonly options: EmulatorOptions; readonly sources: readonly string[] } | { readonly problems: readonly string[] };

export interface WatchProjectOptions {
  readonly emulator: Reloadable;
  /** Template, serverless.yml, config file, included files (absolute): a change reloads the project. */
  readonly projectFiles?: readonly string[];
  /**
   * Reads the project files again. Needed when `projectFiles` are given. `running.apiId` is the
   * running API's id: pass it on (`loadProjectOptions({ apiId })`), so a template whose values use
   * the API id (an endpoint in an environment variable) resolves them as before.
   */
  readonly loadProject?: (running: { readonly apiId: string }) => Promise<ProjectLoad>;
  readonly logger: Logger;
  /** Default `WATCH_DEBOUNCE_MS`. */
  readonly debounceMs?: number;
  /** Changed files are named relative to this folder in the log. Default: `process.cwd()`. */
  readonly cwd?: string;
}

export interface ProjectWatcher {
  /** Resolves once the initial scan is done: changes from then on are seen. */
  readonly ready: Promise<void>;
  /** Resolves with the next reload's report (for tests and tools). */
  nextReload(): Promise<ReloadReport>;
  close(): Promise<void>;
}

/** Editors' swap, backup and probe files: never code. */
const EDITOR_FILES = /(^\.#|^#.*#$|~$|\.sw[px]$|^4913$|\.tmp$)/;

export function watchProject(options: WatchProjectOptions): ProjectWatcher {
  const { emulator, logger } = options;
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  let projectFiles = new Set((options.projectFiles ?? []).map((file) => path.resolve(file)));
  const watched = new Set<string>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  const waiters: Array<(report: ReloadReport) => void> = [];

  const watcher: FSWatcher = watch([], {
    ignoreInitial: true,
    // A dependency folder or git's own files are not the function's code; editors' temp files neither.
    ignored: (file) => /[\\/](node_modules|\.git)([\\/]|$)/.test(file) || EDITOR_FILES.test(path.basename(file)),
    // Reports a file once its writes have settled, so a reload never reads half a file.
    awaitWriteFinish: { stabilityThreshold: 20, pollInterval: 10 },
  });
  const watchAll = () => {
    const wanted = [...projectFiles, ...emulator.options.functions.flatMap((fn) => codeFoldersOf(fn))];
    const fresh = wanted.filter((item) => ![...watched].some((known) => isInside(item, known)));
    for (const item of fresh) watched.add(item);
    if (fresh.length > 0) watcher.add(fresh);
  };
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  watchAll();
  watcher.on('all', (_event, file) => {
    if (closed) return;
    pending.add(path.resolve(file));
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  watcher.on('error', (error) => logger.warn(`watch: ${String(error)}; saved changes may not reload until the next change or a restart`));

  function flush(): void {
    timer = undefined;
    if (running || pending.size === 0) return;
    const files = [...pending];
    pending.clear();
    running = reload(files)
      .catch((error: unknown) => report({ ...EMPTY_REPORT, ok: false, problems: [String(error)] }, files))
      .finally(() => {
        running = undefined;
        if (pending.size > 0 && !closed) flush();
      });
  }

  async function reload(files: string[]): Promise<void> {
    const projectChanged = files.some((file) => projectFiles.has(file));
    const started = performance.now();
    if (projectChanged && options.loadProject) {
      const loaded = await options.loadProject({ apiId: emulator.options.apiId });
      if ('problems' in loaded) return report({ ...EMPTY_REPORT, ok: false, problems: loaded.problems, durationMs: performance.now() - started }, files);
      // The project files themselves are not any function's code, even inside its folder.
      const codeFiles = files.filter((file) => !projectFiles.has(file));
      projectFiles = new Set([...projectFiles, ...loaded.sources.map((file) => path.resolve(file))]);
      const done = await emulator.reloadProject(loaded.options, codeFiles);
      return report({ ...done, durationMs: performance.now() - started }, files);
    }
    report(await emulator.reloadCode(files), files);
  }

  /** One log line per reload; waiters get the report. */
  function report(done: ReloadReport, files: readonly string[]): void {
    watchAll();
    const line = formatReloadLine(done, files.map((file) => path.relative(options.cwd ?? process.cwd(), file) || file));
    if (done.ok) logger.info(line);
    else logger.warn(line);
    for (const resolve of waiters.splice(0)) resolve(done);
  }

  return {
    ready,
    nextReload: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
      await watcher.close();
    },
  };
}
