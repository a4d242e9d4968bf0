// What every handler of the benchmark workload shares: one DynamoDB document client and one
// @connections client per endpoint, created once per execution environment as AWS's guidance
// says (https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html#function-code).
// Plain AWS code: DynamoDB through the SDK's default endpoint chain (AWS_ENDPOINT_URL_DYNAMODB
// when set) and @connections at https://{domainName}/{stage}, as on AWS
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

export const CONNECTIONS = process.env.TABLE_CONNECTIONS ?? 'bench-connections';
export const ROOMS = process.env.TABLE_ROOMS ?? 'bench-rooms';

export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const managementClients = new Map();

/** Sends `message` (a string, or JSON-encoded) to one connection of the caller's API and stage. */
export function postTo(event, connectionId, message) {
  const { domainName, stage } = event.requestContext;
  // APIGW_MANAGEMENT_ENDPOINT is for gateways compared with (serverless-offline) that serve
  // @connections only on a plain-HTTP port of their own; the emulator is run without it.
  const endpoint = process.env.APIGW_MANAGEMENT_ENDPOINT ?? `https://${domainName}/${stage}`;
  let client = managementClients.get(endpoint);
  if (client === undefined) {
    client = new ApiGatewayManagementApiClient({ endpoint });
    managementClients.set(endpoint, client);
  }
  const Data = typeof message === 'string' ? message : JSON.stringify(message);
  return client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data }));
}

/** The message body as an object; anything that is not a JSON object counts as `{}`. */
export function readBody(event) {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

/** A PostToConnection to a connection that is no longer there (HTTP 410). */
export function isGone(error) {
  return error?.name === 'GoneException' || error?.$metadata?.httpStatusCode === 410;
}

export const OK = { statusCode: 200 };
