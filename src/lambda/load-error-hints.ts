/**
 * One-line hints for the module-loading mistakes people make when moving between Lambda's Node.js
 * runtimes: the SDK each runtime ships, ES modules, layers. The error itself stays Lambda's; the
 * hint only says what to change.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#nodejs-sdk-included
 */
import path from 'node:path';
import type { RuntimeModules } from './runtime-modules.js';

const MISSING = /Cannot find (?:module|package) '([^']+)'/;

/** The hint for a load error message in an environment with `modules` (default: Node.js 18+, no layers), or undefined. */
export function findLoadErrorHint(message: string, modules?: RuntimeModules): string | undefined {
  if (/require is not defined in ES module scope/.test(message)) {
    return 'this file is an ES module (.mjs, or "type": "module" in package.json): use import instead of require, or name the file .cjs';
  }
  const missing = MISSING.exec(message)?.[1];
  if (missing === undefined) return undefined;
  const sdk = modules?.sdk ?? 'v3';
  if (missing === 'aws-sdk' || missing.startsWith('aws-sdk/')) {
    if (sdk === 'v3') {
      return "Lambda's Node.js 18+ runtimes provide only the AWS SDK v3: import from @aws-sdk/client-* (e.g. @aws-sdk/client-apigatewaymanagementapi), or bundle aws-sdk v2 with your function";
    }
    return "this function's runtime provides aws-sdk v2, which apigw-ws-local ships as an optional dependency that is not installed here (--omit=optional?): run npm install aws-sdk@2 in the project";
  }
  if (sdk === 'v2' && (missing.startsWith('@aws-sdk/') || missing.startsWith('@smithy/'))) {
    return "Lambda's nodejs16.x and older runtimes provide only aws-sdk v2: install the @aws-sdk/* packages with your function (npm install " + packageName(missing) + '), or use a nodejs18.x or newer runtime';
  }
  const layerFolders = [...new Set((modules?.searchDirs ?? []).filter((dir) => !/node\d+$/.test(dir)))];
  if (layerFolders.length > 0 && !missing.startsWith('.') && !path.isAbsolute(missing)) {
    const shown = layerFolders.map((dir) => path.relative(process.cwd(), path.join(dir, 'node_modules')) || dir);
    return `the function's layers do not have it either (${shown.join(', ')}): install it in a layer (npm install --prefix ${path.relative(process.cwd(), layerFolders[0] as string) || '.'} ${packageName(missing)}) or in the function's folder`;
  }
  return undefined;
}

/** `@scope/name` or `name` of a specifier that may name a file inside the package. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}
