const MS_PER_UNIT: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

// A plain or decimal number, then an optional lowercase unit. No signs, exponents or spaces inside:
// a duration is typed by a person (CLI flag, config file), so anything unusual is more likely a typo.
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;

/**
 * Parses a duration typed by a person into milliseconds, so the core can work in ms only (the CLI
 * and config loaders convert at the edge). Accepts plain milliseconds (`"1500"`) or a number with a unit
 * `ms`, `s`, `m` or `h` (`"500ms"`, `"1.5s"`, `"10m"`, `"2h"`). Fractions round to the nearest ms.
 * Used for the AWS limits people shorten in tests: the 10-minute idle timeout and the 2-hour maximum
 * connection duration (docs/aws-behaviour.md#quotas).
 * @throws Error when `text` is anything else, naming the text and the accepted forms.
 */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (match === null) {
    throw new Error(`invalid duration "${text}": use milliseconds or a number with ms, s, m or h, e.g. 3s`);
  }
  const [, amount = '', unit = 'ms'] = match;
  const ms = Math.round(Number(amount) * (MS_PER_UNIT[unit] ?? 1));
  if (!Number.isSafeInteger(ms)) {
    throw new Error(`invalid duration "${text}": too large, the maximum is ${Number.MAX_SAFE_INTEGER} ms`);
  }
  return ms;
}
