import { describe, expect, it } from 'vitest';
import { buildCreateTableInput } from '../../../src/dynamodb/create-tables.js';
import { resolveTables } from '../../../src/dynamodb/table-definition.js';

describe('resolveTables', () => {
  it('fills in the defaults: type S, no range key, projection ALL', () => {
    const { tables, problems } = resolveTables([
      { name: 'connections', hashKey: 'connectionId', ttlAttribute: 'ttl' },
      {
        name: 'rooms',
        hashKey: { name: 'room' },
        rangeKey: { name: 'joinedAt', type: 'N' },
        globalSecondaryIndexes: [{ name: 'byConnection', hashKey: 'connectionId' }],
      },
    ]);
    expect(problems).toEqual([]);
    expect(tables).toEqual([
      { name: 'connections', hashKey: { name: 'connectionId', type: 'S' }, globalSecondaryIndexes: [], ttlAttribute: 'ttl' },
      {
        name: 'rooms',
        hashKey: { name: 'room', type: 'S' },
        rangeKey: { name: 'joinedAt', type: 'N' },
        globalSecondaryIndexes: [{ name: 'byConnection', hashKey: { name: 'connectionId', type: 'S' }, projection: 'ALL' }],
      },
    ]);
  });

  it('takes nothing as no tables', () => {
    expect(resolveTables(undefined)).toEqual({ tables: [], problems: [] });
  });

  it.each<[string, unknown, string[]]>([
    ['not an array', { name: 'x' }, ["tables: expected an array of tables, e.g. [{ name: 'connections', hashKey: 'connectionId' }]"]],
    ['not an object', ['connections'], [`tables[0]: expected an object like { name: 'connections', hashKey: 'connectionId' }, got "connections"`]],
    ['a short name', [{ name: 'ab', hashKey: 'id' }], ['tables[0].name: "ab" is not a table name: 3 to 255 characters of a-z, A-Z, 0-9, "_", "-" or "."']],
    [
      'no hash key',
      [{ name: 'connections' }],
      ["tables[0].hashKey: missing; give the partition key attribute, e.g. 'connectionId' or { name: 'score', type: 'N' }"],
    ],
    [
      'an empty key name',
      [{ name: 'connections', hashKey: '' }],
      ["tables[0].hashKey: attribute name \"\" is empty; write 'name' or { name: 'name', type: 'S' }"],
    ],
    ['a bad type', [{ name: 'scores', hashKey: { name: 'score', type: 'INT' } }], ['tables[0].hashKey.type: "INT" is not one of S, N, B']],
    [
      'range = hash',
      [{ name: 'rooms', hashKey: 'id', rangeKey: 'id' }],
      ['tables[0].rangeKey: "id" is the hash key too; a range key is a different attribute'],
    ],
    [
      'two types for one attribute',
      [{ name: 'rooms', hashKey: 'room', globalSecondaryIndexes: [{ name: 'byRoomNumber', hashKey: { name: 'room', type: 'N' } }] }],
      ['tables[0].globalSecondaryIndexes[0].hashKey: "room" is N here but S at tables[0].hashKey; an attribute has one type per table'],
    ],
    [
      'a duplicate table',
      [
        { name: 'connections', hashKey: 'id' },
        { name: 'connections', hashKey: 'id' },
      ],
      ['tables[1].name: table "connections" is defined twice (also at tables[0])'],
    ],
    [
      'a duplicate index and a bad projection',
      [
        {
          name: 'rooms',
          hashKey: 'room',
          globalSecondaryIndexes: [
            { name: 'byUser', hashKey: 'user' },
            { name: 'byUser', hashKey: 'user', projection: 'SOME' },
          ],
        },
      ],
      [
        'tables[0].globalSecondaryIndexes[1].name: index "byUser" is defined twice in this table',
        "tables[0].globalSecondaryIndexes[1].projection: \"SOME\" is not 'ALL', 'KEYS_ONLY' or a non-empty array of attribute names (INCLUDE)",
      ],
    ],
    [
      'a bad ttl attribute',
      [{ name: 'connections', hashKey: 'id', ttlAttribute: 42 }],
      ["tables[0].ttlAttribute: 42 is not an attribute name: 1 to 255 bytes, e.g. 'ttl'"],
    ],
  ])('reports %s', (_case, input, problems) => {
    expect(resolveTables(input).problems).toEqual(problems);
  });

  it('reports more than 20 indexes (the default quota)', () => {
    const globalSecondaryIndexes = Array.from({ length: 21 }, (_, index) => ({ name: `index${index}`, hashKey: 'a' }));
    expect(resolveTables([{ name: 'wide', hashKey: 'id', globalSecondaryIndexes }], 'dynamodb.tables').problems).toEqual([
      'dynamodb.tables[0].globalSecondaryIndexes: 21 indexes, DynamoDB allows 20 per table (default quota)',
    ]);
  });
});

describe('buildCreateTableInput', () => {
  it('defines each attribute once, on demand, with every projection kind', () => {
    const { tables } = resolveTables([
      {
        name: 'rooms',
        hashKey: 'room',
        rangeKey: { name: 'joinedAt', type: 'N' },
        globalSecondaryIndexes: [
          { name: 'byConnection', hashKey: 'connectionId', rangeKey: { name: 'joinedAt', type: 'N' } },
          { name: 'byRoomKeys', hashKey: 'room', projection: 'KEYS_ONLY' },
          { name: 'byUser', hashKey: 'user', projection: ['name', 'avatar'] },
        ],
      },
    ]);
    expect(buildCreateTableInput(tables[0]!)).toEqual({
      TableName: 'rooms',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'room', AttributeType: 'S' },
        { AttributeName: 'joinedAt', AttributeType: 'N' },
        { AttributeName: 'connectionId', AttributeType: 'S' },
        { AttributeName: 'user', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'room', KeyType: 'HASH' },
        { AttributeName: 'joinedAt', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byConnection',
          KeySchema: [
            { AttributeName: 'connectionId', KeyType: 'HASH' },
            { AttributeName: 'joinedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        { IndexName: 'byRoomKeys', KeySchema: [{ AttributeName: 'room', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
        {
          IndexName: 'byUser',
          KeySchema: [{ AttributeName: 'user', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name', 'avatar'] },
        },
      ],
    });
  });

  it('leaves GlobalSecondaryIndexes out when there are none', () => {
    const { tables } = resolveTables([{ name: 'connections', hashKey: 'connectionId' }]);
    expect(buildCreateTableInput(tables[0]!)).toEqual({
      TableName: 'connections',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'connectionId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
    });
  });
});
