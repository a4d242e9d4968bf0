import { describe, expect, it } from 'vitest';
import { parseTableSpec, TABLE_SPEC_FORMAT } from '../../../src/dynamodb/table-spec.js';

describe('parseTableSpec', () => {
  it.each([
    ['connections:connectionId', { name: 'connections', hashKey: { name: 'connectionId', type: 'S' }, globalSecondaryIndexes: [] }],
    [
      'rooms:room:connectionId',
      { name: 'rooms', hashKey: { name: 'room', type: 'S' }, rangeKey: { name: 'connectionId', type: 'S' }, globalSecondaryIndexes: [] },
    ],
    [
      'scores:game:score=N',
      { name: 'scores', hashKey: { name: 'game', type: 'S' }, rangeKey: { name: 'score', type: 'N' }, globalSecondaryIndexes: [] },
    ],
    ['blobs:digest=b', { name: 'blobs', hashKey: { name: 'digest', type: 'B' }, globalSecondaryIndexes: [] }],
    ['my-app.v2_conn:id=S', { name: 'my-app.v2_conn', hashKey: { name: 'id', type: 'S' }, globalSecondaryIndexes: [] }],
  ])('parses %s', (spec, expected) => {
    expect(parseTableSpec(spec)).toEqual(expected);
  });

  it.each([
    ['connections', `invalid table spec "connections": no hash key; ${TABLE_SPEC_FORMAT}`],
    ['', `invalid table spec "": no hash key; ${TABLE_SPEC_FORMAT}`],
    ['a:b:c:d', `invalid table spec "a:b:c:d": 4 parts separated by ":", at most 3; ${TABLE_SPEC_FORMAT}`],
    ['ab:id', 'invalid table spec "ab:id": table name "ab" must be 3 to 255 characters of a-z, A-Z, 0-9, "_", "-" or "."'],
    ['my table:id', `invalid table spec "my table:id": remove the whitespace; ${TABLE_SPEC_FORMAT}`],
    ['connections:', `invalid table spec "connections:": the hash key name is empty; ${TABLE_SPEC_FORMAT}`],
    ['rooms:room:', `invalid table spec "rooms:room:": the range key name is empty; ${TABLE_SPEC_FORMAT}`],
    ['scores:=N', `invalid table spec "scores:=N": the hash key name is empty; ${TABLE_SPEC_FORMAT}`],
    ['scores:game:score=X', 'invalid table spec "scores:game:score=X": the range key type "X" is not S, N or B (e.g. "score=N")'],
    ['scores:game=N=S', `invalid table spec "scores:game=N=S": the hash key "game=N=S" has more than one "="; ${TABLE_SPEC_FORMAT}`],
    ['rooms:id:id', 'invalid table spec "rooms:id:id": the range key "id" is also the hash key; use two different attributes'],
    [`big:${'k'.repeat(256)}`, `invalid table spec "big:${'k'.repeat(256)}": the hash key name is longer than 255 bytes; ${TABLE_SPEC_FORMAT}`],
  ])('rejects %j', (spec, message) => {
    expect(() => parseTableSpec(spec)).toThrow(new Error(message));
  });

  it('shows the grammar with examples in its hint', () => {
    expect(TABLE_SPEC_FORMAT).toBe(
      'expected NAME:HASHKEY[:RANGEKEY], a key optionally typed =S, =N or =B (default S), ' +
        'e.g. "connections:connectionId", "rooms:room:connectionId" or "scores:game:score=N"',
    );
  });
});
