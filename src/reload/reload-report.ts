/** What one reload did, and the single log line that says so. */

/** A function that kept its previous code because the new code cannot load. */
export interface FailedReload {
  readonly functionName: string;
  readonly message: string;
}

export interface ReloadReport {
  /** False when something could not be applied: the previous code or project keeps serving it. */
  readonly ok: boolean;
  /** Functions whose next invocation runs the new code (a cold start). */
  readonly reloaded: readonly string[];
  /** Functions added and removed by a project reload. */
  readonly functions: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** Functions whose new code cannot load: they keep the code they had. */
  readonly failed: readonly FailedReload[];
  /** Problems in the project files that stopped a project reload: nothing of it was applied. */
  readonly problems: readonly string[];
  /** Route keys added and removed by a project reload. */
  readonly routes: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly tablesCreated: readonly string[];
  /** Options that changed but need a restart, e.g. `port (3001 → 4000)`. */
  readonly restartNeeded: readonly string[];
  readonly durationMs: number;
}

export const EMPTY_REPORT: ReloadReport = {
  ok: true,
  reloaded: [],
  functions: { added: [], removed: [] },
  failed: [],
  problems: [],
  routes: { added: [], removed: [] },
  tablesCreated: [],
  restartNeeded: [],
  durationMs: 0,
};

/**
 * `reload (handlers/chat.mjs changed): SendMessage, Connect reloaded in 41 ms`, or what failed and
 * that the previous code keeps serving. One line, however much changed.
 */
export function formatReloadLine(report: ReloadReport, changed: readonly string[]): string {
  const parts: string[] = [];
  if (report.problems.length > 0) parts.push(`the project cannot load, nothing changed (the previous routes and code keep serving): ${report.problems.join('; ')}`);
  const routeChanges = [...report.routes.added.map((key) => `+${key}`), ...report.routes.removed.map((key) => `-${key}`)];
  if (routeChanges.length > 0) parts.push(`routes ${routeChanges.join(', ')}`);
  const fnChanges = [...report.functions.added.map((name) => `+${name}`), ...report.functions.removed.map((name) => `-${name}`)];
  if (fnChanges.length > 0) parts.push(`functions ${fnChanges.join(', ')}`);
  if (report.reloaded.length > 0) parts.push(`${report.reloaded.join(', ')} reloaded`);
  if (report.tablesCreated.length > 0) parts.push(`tables ${report.tablesCreated.map((name) => `+${name}`).join(', ')}`);
  for (const failure of report.failed) parts.push(`${failure.functionName} keeps its previous code: ${failure.message}`);
  if (report.restartNeeded.length > 0) parts.push(`restart to apply: ${report.restartNeeded.join(', ')}`);
  if (parts.length === 0) parts.push('nothing to reload');
  const what = changed.length === 0 ? '' : ` (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''} changed)`;
  return `reload${what}: ${parts.join('; ')} in ${Math.round(report.durationMs)} ms`;
}
