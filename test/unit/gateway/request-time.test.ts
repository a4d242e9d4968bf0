import { describe, it, expect } from 'vitest';
import { formatRequestTime } from '../../../src/gateway/request-time.js';

describe('formatRequestTime', () => {
  it.each([
    [1707502303000, '09/Feb/2024:18:11:43 +0000'],
    [1731324924561, '11/Nov/2024:11:35:24 +0000'],
    [1731332746514, '11/Nov/2024:13:45:46 +0000'],
    [1701245044314, '29/Nov/2023:08:04:04 +0000'],
    [0, '01/Jan/1970:00:00:00 +0000'],
    [Date.UTC(2024, 2, 5, 7, 8, 9, 999), '05/Mar/2024:07:08:09 +0000'],
    [Date.UTC(2025, 11, 31, 23, 59, 59), '31/Dec/2025:23:59:59 +0000'],
  ])('%d → %s', (epochMs, expected) => {
    expect(formatRequestTime(epochMs)).toBe(expected);
  });

  it('uses English month abbreviations for every month', () => {
    const months = Array.from({ length: 12 }, (_, month) => formatRequestTime(Date.UTC(2024, month, 1)).slice(3, 6));
    expect(months).toStrictEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
  });
});
