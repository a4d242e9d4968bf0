import { describe, it, expect } from 'vitest';
import {
  compileSelectionExpression,
  evaluateSelectionExpression,
  selectRoute,
} from '../../../src/gateway/route-selection.js';

// The payload of the AWS docs' route selection table (docs/aws-behaviour.md#route-selection).
const DOCS_BODY = '{ "service" : "chat", "action" : "join", "data" : { "room" : "room1234" } }';

describe('compileSelectionExpression', () => {
  it('splits literal text and body paths', () => {
    expect(compileSelectionExpression('${request.body.service}/${request.body.action}')).toStrictEqual({
      source: '${request.body.service}/${request.body.action}',
      parts: [['service'], '/', ['action']],
    });
    expect(compileSelectionExpression('$request.body.service.do').parts).toStrictEqual([['service', 'do']]);
    expect(compileSelectionExpression('\\$default').parts).toStrictEqual(['$default']);
  });

  const FIX = 'use $request.body.<property>, e.g. $request.body.action';
  it.each([
    ['', `it is empty; ${FIX}`],
    ['${request.body.action', '"${" has no closing "}"; close it, e.g. ${request.body.action}'],
    ['$default', `"$default" is not a message body variable; ${FIX}, or write \\$ for a literal $`],
    ['$request.header.x-api-key', `"$request.header.x" is not a message body variable; ${FIX}, or write \\$ for a literal $`],
    ['${request.querystring.room}', `"\${request.querystring.room}" is not a message body variable; ${FIX}, or write \\$ for a literal $`],
    ['price in $', `"$" is not a message body variable; ${FIX}, or write \\$ for a literal $`],
    ['$request.body', `"$request.body" names no property; ${FIX}`],
    ['${request.body}', `"\${request.body}" names no property; ${FIX}`],
    ['$request.body.', `"$request.body." has an empty property name; ${FIX}`],
    ['$request.body.a..b', `"$request.body.a..b" has an empty property name; ${FIX}`],
    ['${request.body.}', `"\${request.body.}" has an empty property name; ${FIX}`],
  ])('rejects %j', (expression, reason) => {
    expect(() => compileSelectionExpression(expression)).toThrow(
      new Error(`invalid route selection expression "${expression}": ${reason}`),
    );
  });
});

describe('evaluateSelectionExpression', () => {
  it.each([
    // The AWS docs' table, row by row.
    ['$request.body.action', DOCS_BODY, 'join'],
    ['${request.body.action}', DOCS_BODY, 'join'],
    ['${request.body.service}/${request.body.action}', DOCS_BODY, 'chat/join'],
    ['${request.body.action}-${request.body.invalidPath}', DOCS_BODY, 'join-'],
    ['action', DOCS_BODY, 'action'],
    ['\\$default', DOCS_BODY, '$default'],
    // Nested paths and mixed forms.
    ['$request.body.data.room', DOCS_BODY, 'room1234'],
    ['$request.body.service.do', '{"service":{"do":"ping"}}', 'ping'],
    ['${request.body.action}-${request.body.x}', '{"action":"join"}', 'join-'],
    ['$request.body.action-v2', '{"action":"join"}', 'join-v2'],
    ['room: $request.body.data.room!', DOCS_BODY, 'room: room1234!'],
    ['${request.body.a b}', '{"a b":"spaced"}', 'spaced'],
    ['$request.body.items.0', '{"items":["first"]}', 'first'],
    ['request.body.action', DOCS_BODY, 'request.body.action'],
    // Value types.
    ['$request.body.action', '{"action":42}', '42'],
    ['$request.body.action', '{"action":1.5}', '1.5'],
    ['$request.body.action', '{"action":true}', 'true'],
    ['$request.body.action', '{"action":false}', 'false'],
    ['$request.body.action', '{"action":null}', ''],
    ['$request.body.action', '{"action":""}', ''],
    ['$request.body.action', '{"hello":"world"}', ''],
    ['$request.body.action', '{"action":["item1","item2"]}', '[item1, item2]'],
    ['$request.body.action', '{"action":[1,true,null,"x",[2,3]]}', '[1, true, null, x, [2, 3]]'],
    ['$request.body.action', '{"action":{"b":1,"a":"x"}}', '{"b":1,"a":"x"}'],
    ['$request.body.action.name', '{"action":"join"}', ''],
    // Only own properties of the parsed body count.
    ['$request.body.constructor', '{}', ''],
    ['$request.body.action.toString', '{"action":{}}', ''],
    ['$request.body.__proto__', '{"__proto__":"own"}', 'own'],
    // JSON whitespace before the object is fine; case is kept.
    ['$request.body.action', ' \n\t{"action":"Join"}', 'Join'],
  ])('%s on %s → %j', (source, body, expected) => {
    expect(evaluateSelectionExpression(compileSelectionExpression(source), body)).toBe(expected);
  });

  it.each([
    ['$request.body.action', 'hello'],
    ['$request.body.action', ''],
    ['$request.body.action', '[{"action":"join"}]'],
    ['$request.body.action', '"join"'],
    ['$request.body.action', '42'],
    ['$request.body.action', 'null'],
    ['$request.body.action', '{"action":"join"'],
    ['$request.body.action', '{action: "join"}'],
    ['action', 'hello'],
  ])('%s on %j → undefined (not a JSON object)', (source, body) => {
    expect(evaluateSelectionExpression(compileSelectionExpression(source), body)).toBeUndefined();
  });
});

describe('selectRoute', () => {
  const action = compileSelectionExpression('$request.body.action');
  const withDefault = new Set(['$connect', '$disconnect', '$default', 'join', 'sendmessage', '42']);
  const withoutDefault = new Set(['$connect', '$disconnect', 'join', 'sendmessage']);

  it.each([
    ['{"action":"join"}', withDefault, 'join'],
    ['{"action":"join"}', withoutDefault, 'join'],
    ['{"action":"sendmessage","data":"hi"}', withDefault, 'sendmessage'],
    ['{"action":"Join"}', withDefault, '$default'],
    ['{"action":"Join"}', withoutDefault, undefined],
    ['{"action":"join "}', withDefault, '$default'],
    ['{"action":"leave"}', withoutDefault, undefined],
    ['{"action":42}', withDefault, '42'],
    ['{"action":null}', withDefault, '$default'],
    ['{"action":null}', new Set(['', 'join']), undefined],
    ['{"hello":"world"}', withDefault, '$default'],
    ['{}', withoutDefault, undefined],
    ['hello', withDefault, '$default'],
    ['hello', withoutDefault, undefined],
    ['[{"action":"join"}]', withDefault, '$default'],
    ['[{"action":"join"}]', withoutDefault, undefined],
    ['{"action":"$default"}', withDefault, '$default'],
    ['{"action":"$connect"}', withDefault, '$default'],
    ['{"action":"$disconnect"}', withoutDefault, undefined],
  ])('$request.body.action: %s → %s', (body, routeKeys, expected) => {
    expect(selectRoute(action, body, routeKeys)).toBe(expected);
  });

  it.each([
    ['${request.body.service}/${request.body.action}', DOCS_BODY, new Set(['chat/join']), 'chat/join'],
    ['${request.body.service}/${request.body.action}', '{"action":"join"}', new Set(['chat/join']), undefined],
    ['$request.body.service.do', '{"service":{"do":"ping"}}', new Set(['ping', '$default']), 'ping'],
    ['\\$default', '{"action":"join"}', new Set(['$default', 'join']), '$default'],
    ['action', '{}', new Set(['action']), 'action'],
    ['action', 'not json', new Set(['action']), undefined],
  ])('%s on %s → %s', (source, body, routeKeys, expected) => {
    expect(selectRoute(compileSelectionExpression(source), body, routeKeys)).toBe(expected);
  });
});
