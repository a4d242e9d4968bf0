import { describe, expect, it } from 'vitest';
import {
  formatConsoleLine,
  formatEndLine,
  formatReportLine,
  formatStartLine,
  formatPlatformLine,
  formatTimeoutSeconds,
  toMegabytes,
} from '../../../src/lambda/log-format.js';

const id = '8f5b9e1e-6c1b-4c3e-9a7e-0d2f4b6a8c10';

describe('log lines', () => {
  it('formats START and END', () => {
    expect(formatStartLine(id)).toBe(`START RequestId: ${id} Version: $LATEST`);
    expect(formatEndLine(id)).toBe(`END RequestId: ${id}`);
  });

  it('formats a warm REPORT', () => {
    expect(formatReportLine({ requestId: id, durationMs: 12.344, memorySizeMb: 128, maxMemoryUsedMb: 61 })).toBe(
      `REPORT RequestId: ${id}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 61 MB`,
    );
  });

  it('adds Init Duration on a cold start and Status when the platform ended the invocation', () => {
    expect(
      formatReportLine({
        requestId: id,
        durationMs: 0.2,
        memorySizeMb: 256,
        maxMemoryUsedMb: 0,
        initDurationMs: 150.456,
        status: 'error',
        errorType: 'Runtime.ExitError',
      }),
    ).toBe(
      `REPORT RequestId: ${id}\tDuration: 0.20 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\tMax Memory Used: 0 MB\tInit Duration: 150.46 ms\tStatus: error\tError Type: Runtime.ExitError`,
    );
  });

  it('formats console lines like the runtime (util.format)', () => {
    expect(formatConsoleLine(id, 'INFO', ['hello %s', 'world', { a: 1 }])).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${id}\\tINFO\\thello world { a: 1 }$`));
    expect(formatConsoleLine(undefined, 'WARN', ['at init'])).toMatch(/Z\tundefined\tWARN\tat init$/);
  });

  it('formats the timeout line with two decimals of seconds', () => {
    expect(formatPlatformLine(id, `Task timed out after ${formatTimeoutSeconds(200)} seconds`, Date.UTC(2024, 0, 2, 3, 4, 5, 6))).toBe(
      `2024-01-02T03:04:05.006Z ${id} Task timed out after 0.20 seconds`,
    );
    expect(formatPlatformLine(id, `Task timed out after ${formatTimeoutSeconds(3000)} seconds`, 0)).toBe(
      `1970-01-01T00:00:00.000Z ${id} Task timed out after 3.00 seconds`,
    );
  });

  it('rounds memory up to whole megabytes', () => {
    expect(toMegabytes(1)).toBe(1);
    expect(toMegabytes(64 * 1024 * 1024)).toBe(64);
  });
});
