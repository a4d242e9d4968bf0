/**
 * One-line hints for the module-loading mistakes people make when moving to Lambda's Node.js 18+
 * runtimes (shared/reference, and spec "Known behaviours" 17). The error itself stays Lambda's;
 * the hint only says what to change.
 */
const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /Cannot find (?:module|package) 'aws-sdk'/,
    "Lambda's Node.js 18+ runtimes provide only the AWS SDK v3: import from @aws-sdk/client-* (e.g. @aws-sdk/client-apigatewaymanagementapi), or bundle aws-sdk v2 with your function",
  ],
  [
    /require is not defined in ES module scope/,
    'this file is an ES module (.mjs, or "type": "module" in package.json): use import instead of require, or name the file .cjs',
  ],
];

/** The hint for a load error message, or undefined. */
export function findLoadErrorHint(message: string): string | undefined {
  return HINTS.find(([pattern]) => pattern.test(message))?.[1];
}
