// The connection ids a table holds, read with a real DocumentClient: what a handler stored.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export async function scanConnectionIds(endpoint: string | undefined, table: string): Promise<string[]> {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } }),
  );
  try {
    const { Items = [] } = await documents.send(new ScanCommand({ TableName: table }));
    return Items.map((item) => item.connectionId as string).sort();
  } finally {
    documents.destroy();
  }
}
