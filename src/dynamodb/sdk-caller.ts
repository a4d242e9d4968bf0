import type { DynamoDbCaller } from './dynamodb-caller.js';

export interface SdkCallerOptions {
  readonly endpoint: string;
  readonly region: string;
  /** Default: the SDK's own chain (environment variables, shared profile, ...). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/**
 * A DynamoDB caller through the AWS SDK v3, for an external endpoint (DynamoDB Local, a real
 * account) that checks signatures. The SDK is imported here, lazily, so the embedded mode never
 * pays for it. Errors are the SDK's own (`name` is the AWS error type).
 */
export async function createSdkCaller(options: SdkCallerOptions): Promise<DynamoDbCaller> {
  const sdk = await import('@aws-sdk/client-dynamodb');
  const client = new sdk.DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  // Only the operations this module sends.
  const commands: Record<string, new (input: never) => unknown> = {
    CreateTable: sdk.CreateTableCommand,
    DescribeTable: sdk.DescribeTableCommand,
    UpdateTimeToLive: sdk.UpdateTimeToLiveCommand,
  };
  return {
    async call<T>(operation: string, input: object): Promise<T> {
      const Command = commands[operation];
      if (!Command) throw new Error(`createSdkCaller: no command mapped for ${operation}`);
      const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
      return (await send(new Command(input as never))) as T;
    },
    close: () => client.destroy(),
  };
}
