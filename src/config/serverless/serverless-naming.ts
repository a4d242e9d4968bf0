/**
 * Names the Framework gives what it deploys, so that values in serverless.yml that refer to them
 * (`!Ref ConnectLambdaFunction`, `!GetAtt WebsocketsApi.ApiEndpoint`) resolve to what they would on
 * AWS, as its resource reference lists them:
 * https://www.serverless.com/framework/docs/providers/aws/guide/resources#aws-cloudformation-resource-reference
 */

/** Lambda's rule for a function name: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html */
export const FUNCTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The logical id of the WebSocket API the Framework generates (`getWebsocketsApiLogicalId`). */
export const WEBSOCKETS_API_LOGICAL_ID = 'WebsocketsApi';

/** The logical id of its stage (`getWebsocketsStageLogicalId`). */
export const WEBSOCKETS_STAGE_LOGICAL_ID = 'WebsocketsDeploymentStage';

/** The identity source of a websocket authorizer that names none, as the Framework's docs state. */
export const DEFAULT_IDENTITY_SOURCE = 'route.request.header.Auth';

/**
 * A function key as it appears in logical ids (`getNormalizedFunctionName`): `-` becomes `Dash`,
 * `_` becomes `Underscore`, and the first letter is upper-cased: `send-message` -> `SendDashmessage`.
 */
export function normalizeFunctionKey(key: string): string {
  const replaced = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}

/** `${Key}LambdaFunction`, the function's logical id (`getLambdaLogicalId`). */
export function buildFunctionLogicalId(key: string): string {
  return `${normalizeFunctionKey(key)}LambdaFunction`;
}

/**
 * `${Name}LambdaLayer`, the logical id of a layer of `layers` (`getLambdaLayerLogicalId`), normalized
 * as a function key is: `common` -> `CommonLambdaLayer`, what `{ Ref: CommonLambdaLayer }` names.
 * https://www.serverless.com/framework/docs/providers/aws/guide/layers#using-your-layers
 */
export function buildLayerLogicalId(layerName: string): string {
  return `${normalizeFunctionKey(layerName)}LambdaLayer`;
}

/** The deployed function's name when `name` is not given: `{service}-{stage}-{key}`. */
export function buildDefaultFunctionName(service: string, stage: string, key: string): string {
  return `${service}-${stage}-${key}`;
}

/** The stack's name (`getStackName`): `provider.stackName`, else `{service}-{stage}`. */
export function buildStackName(service: string, stage: string, stackName: unknown): string {
  return typeof stackName === 'string' && stackName !== '' ? stackName : `${service}-${stage}`;
}
