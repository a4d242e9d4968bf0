import { describe, expect, it } from 'vitest';
import { EMPTY_REPORT, formatReloadLine, type ReloadReport } from '../../../src/reload/reload-report.js';

describe('formatReloadLine', () => {
  it.each<[string, Partial<ReloadReport>, string[], string]>([
    [
      'code reloaded',
      { reloaded: ['Send', 'Connect'], durationMs: 41.4 },
      ['handlers/chat.mjs'],
      'reload (handlers/chat.mjs changed): Send, Connect reloaded in 41 ms',
    ],
    ['nothing touched', {}, ['README.md'], 'reload (README.md changed): nothing to reload in 0 ms'],
    ['many files', { reloaded: ['A'] }, ['a', 'b', 'c', 'd', 'e'], 'reload (a, b, c and 2 more changed): A reloaded in 0 ms'],
    [
      'failure keeps the code',
      { ok: false, failed: [{ functionName: 'Send', message: 'SyntaxError: Unexpected token' }] },
      ['x.mjs'],
      'reload (x.mjs changed): Send keeps its previous code: SyntaxError: Unexpected token in 0 ms',
    ],
    [
      'a project reload',
      {
        routes: { added: ['ping'], removed: ['old'] },
        functions: { added: ['Ping'], removed: ['Old'] },
        tablesCreated: ['pings'],
        restartNeeded: ['port (3001 → 4000)'],
        durationMs: 300,
      },
      ['template.yaml'],
      'reload (template.yaml changed): routes +ping, -old; functions +Ping, -Old; tables +pings; restart to apply: port (3001 → 4000) in 300 ms',
    ],
    [
      'a project that cannot load',
      { ok: false, problems: ['template.yaml: bad'] },
      ['template.yaml'],
      'reload (template.yaml changed): the project cannot load, nothing changed (the previous routes and code keep serving): template.yaml: bad in 0 ms',
    ],
  ])('%s', (_name, report, changed, expected) => {
    expect(formatReloadLine({ ...EMPTY_REPORT, ...report }, changed)).toBe(expected);
  });
});
