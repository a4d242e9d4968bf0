/**
 * Applies code and project changes to a running emulator without closing a connection: a changed
 * function's environments are retired (the next invocation loads the new code), a reloaded
 * project replaces routes, functions and the authorizer and creates new tables. New code is
 * built and loaded in the probe worker first; code that cannot load is not applied, so the
 * previous code keeps serving and the report says why. Reloads run one at a time.
 */
import { buildGatewayRouting } from '../build-gateway-options.js';
import { describeFunctionUses } from '../config/routeless.js';
import type { EmulatorOptions } from '../config/options.js';
import { resolveOptions, type ResolvedOptions } from '../config/resolve-options.js';
import type { DynamoDbHandle } from '../dynamodb/index.js';
import { isEmulatorError } from '../errors.js';
import type { GatewayRouting } from '../gateway/gateway.js';
import { prepareFunctions } from '../lambda/prepare-functions.js';
import type { FunctionDefinition, LambdaRuntime } from '../lambda/types.js';
import { buildProbeEnvironmentOf } from '../prepare-emulator-functions.js';
import { describeFixedChanges, mergeLiveOptions } from './live-options.js';
import { EMPTY_REPORT, type FailedReload, type ReloadReport } from './reload-report.js';
import { findTouchedFunctions } from './touched-functions.js';

export interface ReloaderOptions {
  readonly options: ResolvedOptions;
  /** The functions as they run (a TypeScript function with its built module). */
  readonly running: readonly FunctionDefinition[];
  readonly runtime: Pick<LambdaRuntime, 'update' | 'retire'>;
  readonly updateRouting: (routing: GatewayRouting) => void;
  readonly dynamodb: Pick<DynamoDbHandle, 'addTables'> | undefined;
  /** Told the running options and functions after every applied project reload. */
  readonly onApplied: (options: ResolvedOptions, running: readonly FunctionDefinition[]) => void;
}

export class Reloader {
  readonly #deps: ReloaderOptions;
  #options: ResolvedOptions;
  #running: readonly FunctionDefinition[];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: ReloaderOptions) {
    this.#deps = deps;
    this.#options = deps.options;
    this.#running = deps.running;
  }

  /** Files changed on disk: the functions whose code they are reload. */
  reloadCode(files: readonly string[]): Promise<ReloadReport> {
    return this.#serially(() => this.#reloadCode(files));
  }

  /** The project files changed: `options` are the newly loaded ones (plus any code files that changed with them). */
  reloadProject(options: EmulatorOptions, files: readonly string[] = []): Promise<ReloadReport> {
    return this.#serially(() => this.#reloadProject(options, files));
  }

  #serially(job: () => Promise<ReloadReport>): Promise<ReloadReport> {
    const next = this.#queue.then(job, job);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #reloadCode(files: readonly string[]): Promise<ReloadReport> {
    const started = performance.now();
    const touched = new Set(findTouchedFunctions(this.#running, files));
    if (touched.size === 0) return { ...EMPTY_REPORT, durationMs: performance.now() - started };
    const sources = this.#options.functions.filter((fn) => touched.has(fn.name));
    const { ready, failed } = await this.#prepare(this.#options, sources, new Set(touched));
    const running = this.#running.map((fn) => ready.get(fn.name) ?? fn);
    const { changed } = this.#deps.runtime.update(running);
    // Same definition, new files on disk (JavaScript): the next environment loads them.
    this.#deps.runtime.retire([...ready.keys()].filter((name) => !changed.includes(name)));
    this.#running = running;
    this.#deps.onApplied(this.#options, running);
    return { ...EMPTY_REPORT, ok: failed.length === 0, reloaded: [...ready.keys()], failed, durationMs: performance.now() - started };
  }

  async #reloadProject(input: EmulatorOptions, files: readonly string[]): Promise<ReloadReport> {
    const started = performance.now();
    const before = this.#options;
    const failedProject = (problems: readonly string[]) => ({ ...EMPTY_REPORT, ok: false, problems, durationMs: performance.now() - started });
    let next: ResolvedOptions;
    try {
      // The API keeps its id (its domain name, the ARNs): a project file names none, so its loader
      // would draw a new random one.
      next = resolveOptions({ ...input, apiId: before.apiId, logger: before.logger, clock: before.clock });
    } catch (error) {
      if (!isEmulatorError(error)) throw error;
      return failedProject(error.problems);
    }
    const previous = new Map(this.#running.map((fn) => [fn.name, fn]));
    const touched = new Set(findTouchedFunctions(next.functions, files));
    const { ready, failed, startProblems } = await this.#prepare(next, next.functions, touched, previous);
    if (startProblems.length > 0) return failedProject(startProblems);
    // Tables first: a table the engine refuses stops the reload before routes or code change.
    let tablesCreated: string[];
    try {
      tablesCreated = await this.#addTables(before, next);
    } catch (error) {
      if (!isEmulatorError(error)) throw error;
      return failedProject(error.problems);
    }
    const running = next.functions.flatMap((fn) => {
      const kept = ready.get(fn.name) ?? previous.get(fn.name);
      // Left out (a function without a route that cannot run), unless it ran before.
      return kept === undefined && !failed.some((failure) => failure.functionName === fn.name) ? [] : [kept ?? fn];
    });
    const changes = this.#deps.runtime.update(running);
    const retired = [...touched].filter((name) => ready.has(name) && !changes.changed.includes(name) && !changes.added.includes(name));
    this.#deps.runtime.retire(retired);
    const merged = mergeLiveOptions(before, next);
    this.#deps.updateRouting(buildGatewayRouting(merged));
    this.#options = merged;
    this.#running = running;
    this.#deps.onApplied(merged, running);
    const keys = (options: ResolvedOptions) => new Set(options.routes.map((route) => route.key));
    const [was, now] = [keys(before), keys(next)];
    return {
      ok: failed.length === 0,
      reloaded: [...new Set([...changes.changed, ...retired])],
      functions: { added: changes.added, removed: changes.removed },
      failed,
      problems: [],
      routes: { added: [...now].filter((key) => !was.has(key)), removed: [...was].filter((key) => !now.has(key)) },
      tablesCreated,
      restartNeeded: describeFixedChanges(before, next),
      durationMs: performance.now() - started,
    };
  }

  /**
   * Builds and probe-loads `functions`. A function in `keepOnFailure` (or known before) whose new
   * code cannot load keeps its previous definition; a new one runs as it is (its invocations fail
   * as on Lambda). `startProblems` are what would stop a start (no file, no export).
   */
  async #prepare(
    options: ResolvedOptions,
    functions: readonly FunctionDefinition[],
    keepOnFailure: ReadonlySet<string>,
    previous = new Map<string, FunctionDefinition>(),
  ) {
    const prepared = await prepareFunctions(functions, { environmentOf: buildProbeEnvironmentOf(options) });
    const ready = new Map<string, FunctionDefinition>();
    const failed: FailedReload[] = [];
    const startProblems: string[] = [];
    for (const fn of prepared.functions) {
      const problem = prepared.problems.get(fn.name);
      const hadCode = keepOnFailure.has(fn.name) || previous.has(fn.name);
      // A function no route uses is left out, as at start (config/routeless.ts): it never stops a reload.
      if (problem?.kind === 'start' && describeFunctionUses(options, fn.name).length === 0) continue;
      if (problem?.kind === 'start') startProblems.push(`${fn.name}: ${problem.message}`);
      else if (problem !== undefined && hadCode && previous.get(fn.name)?.buildError === undefined)
        failed.push({ functionName: fn.name, message: problem.message });
      else ready.set(fn.name, fn);
    }
    return { ready, failed, startProblems };
  }

  async #addTables(before: ResolvedOptions, next: ResolvedOptions): Promise<string[]> {
    const dynamodb = this.#deps.dynamodb;
    if (dynamodb === undefined || before.dynamodb === false || next.dynamodb === false) return [];
    const known = new Set(before.dynamodb.tables.map((table) => table.name));
    const added = next.dynamodb.tables.filter((table) => !known.has(table.name));
    return added.length === 0 ? [] : dynamodb.addTables(added);
  }
}
