import { describe, expect, it } from 'vitest';
import { CONFIG_FILE_KEYS } from '../../../src/config/load-config-file.js';
import { suggestName } from '../../../src/config/suggest-name.js';

describe('suggestName', () => {
  it.each([
    ['prot', CONFIG_FILE_KEYS.top, 'port'],
    ['Port', CONFIG_FILE_KEYS.top, 'port'],
    ['stagee', CONFIG_FILE_KEYS.top, 'stage'],
    ['idleTimeout', CONFIG_FILE_KEYS.top, 'idleTimeoutMs'],
    ['routeselectionexpresion', CONFIG_FILE_KEYS.top, 'routeSelectionExpression'],
    ['env', CONFIG_FILE_KEYS.top, 'environment'],
    ['hanlder', CONFIG_FILE_KEYS.function, 'handler'],
    ['timeout', CONFIG_FILE_KEYS.function, 'timeoutMs'],
    ['persist', CONFIG_FILE_KEYS.dynamodb, 'persistDir'],
    ['gsi', CONFIG_FILE_KEYS.table, undefined],
    ['xyz', CONFIG_FILE_KEYS.top, undefined],
    ['ro', CONFIG_FILE_KEYS.top, undefined],
    ['max', CONFIG_FILE_KEYS.top, undefined],
  ])('%s → %s', (name, known, suggestion) => {
    expect(suggestName(name, known)).toBe(suggestion);
  });
});
