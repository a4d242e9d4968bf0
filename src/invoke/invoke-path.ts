/**
 * The path of Lambda's Invoke operation and the forms its `FunctionName` takes:
 * `my-function`, `my-function:v1`, `123456789012:function:my-function` and
 * `arn:aws:lambda:us-west-2:123456789012:function:my-function[:qualifier]`.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?.*)?$/;
const NAME = /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]*:\d{12}:function:|\d{12}:function:)?([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9_$-]{1,128}))?$/;

/** The `FunctionName` segment of an Invoke request's path (URL-decoded), or undefined for another path. */
export function matchInvokePath(target: string): string | undefined {
  const segment = INVOKE_PATH.exec(target)?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The function's name in any of the forms `FunctionName` accepts, and its qualifier (version or
 * alias) if one was given; undefined when it is none of them.
 */
export function parseFunctionName(functionName: string): { readonly name: string; readonly qualifier?: string } | undefined {
  const match = NAME.exec(functionName);
  if (!match) return undefined;
  const [, name, qualifier] = match;
  return qualifier === undefined ? { name: name as string } : { name: name as string, qualifier };
}
