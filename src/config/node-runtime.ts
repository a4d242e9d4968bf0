/**
 * Lambda's Node.js runtime identifiers, from the first (`nodejs`, Node.js 0.10) through
 * `nodejs4.3`, `nodejs4.3-edge`, `nodejs6.10`, `nodejs8.10` to `nodejs10.x`... `nodejs24.x`:
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (current and deprecated lists).
 */
const NODE_RUNTIME = /^nodejs(?:(\d+)(?:\.(?:x|\d+))?(?:-edge)?)?$/;

/** The Node.js major a runtime identifier names (0 for `nodejs`), or undefined when it is not Node.js. */
export function parseNodeRuntime(runtime: string): number | undefined {
  const match = NODE_RUNTIME.exec(runtime);
  if (match === null) return undefined;
  return match[1] === undefined ? 0 : Number(match[1]);
}
