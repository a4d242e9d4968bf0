import { describe, expect, it } from 'vitest';
import { createTables, TableSetupError } from '../../../src/dynamodb/create-tables.js';
import { DynamoDbServiceError, type DynamoDbCaller } from '../../../src/dynamodb/dynamodb-caller.js';
import { resolveTables } from '../../../src/dynamodb/table-definition.js';

const IN_USE = new DynamoDbServiceError('com.amazonaws.dynamodb.v20120810#ResourceInUseException', 'Table already exists: connections', 400);

/** A caller answering from a script of operation → answer; it records each call. */
function createFakeCaller(answers: Record<string, (input: Record<string, unknown>) => unknown>) {
  const calls: Array<[string, unknown]> = [];
  const caller: DynamoDbCaller = {
    async call<T>(operation: string, input: object) {
      calls.push([operation, (input as { TableName?: string }).TableName]);
      const answer = answers[operation];
      if (!answer) throw new Error(`unexpected ${operation}`);
      return answer(input as Record<string, unknown>) as T;
    },
    close() {},
  };
  return { caller, calls };
}

const { tables } = resolveTables([
  { name: 'connections', hashKey: 'connectionId' },
  { name: 'rooms', hashKey: 'room' },
]);

describe('createTables', () => {
  it('creates the missing tables and keeps existing ones', async () => {
    const { caller, calls } = createFakeCaller({
      CreateTable: (input) => {
        if (input.TableName === 'connections') throw IN_USE;
        return {};
      },
      DescribeTable: () => ({ Table: { KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }], TableStatus: 'ACTIVE' } }),
    });
    expect(await createTables(caller, tables, { waitUntilActive: { pollMs: 0, attempts: 1 } })).toEqual(['rooms']);
    expect(calls).toEqual([
      ['CreateTable', 'connections'],
      ['DescribeTable', 'connections'],
      ['DescribeTable', 'connections'],
      ['CreateTable', 'rooms'],
      ['DescribeTable', 'rooms'],
    ]);
  });

  it('asks again until the table is ACTIVE, and gives up after the attempts', async () => {
    let describes = 0;
    const { caller } = createFakeCaller({
      CreateTable: () => ({}),
      DescribeTable: () => ({
        Table: { TableStatus: ++describes < 3 ? 'CREATING' : 'ACTIVE', GlobalSecondaryIndexes: [{ IndexStatus: describes < 4 ? 'CREATING' : 'ACTIVE' }] },
      }),
    });
    const one = tables.slice(0, 1);
    expect(await createTables(caller, one, { waitUntilActive: { pollMs: 0, attempts: 4 } })).toEqual(['connections']);
    expect(describes).toBe(4);
    describes = -10;
    await expect(createTables(caller, one, { waitUntilActive: { pollMs: 0, attempts: 2 } })).rejects.toThrow(
      "table connections: Error: still CREATING after 2 DescribeTable calls: dynalite's timers did not run (fake timers? start the emulator before faking them)",
    );
  });

  it('names the table that failed, and the cause', async () => {
    const refused = new DynamoDbServiceError('com.amazon.coral.validate#ValidationException', 'One or more parameter values were invalid', 400);
    const { caller } = createFakeCaller({
      CreateTable: (input) => {
        if (input.TableName === 'rooms') throw refused;
        return {};
      },
    });
    const error = await createTables(caller, tables).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TableSetupError);
    expect(error).toMatchObject({ tableName: 'rooms', message: 'table rooms: ValidationException: One or more parameter values were invalid', cause: refused });
  });
});
