import { describe, expect, it } from 'vitest';
import { buildRouteResponse } from '../../../src/gateway/route-response.js';
import type { InvocationOutcome } from '../../../src/lambda/types.js';
import { failed, succeeded } from '../../helpers/invocation-outcomes.js';

type Response = ReturnType<typeof buildRouteResponse>;

describe('buildRouteResponse', () => {
  it.each<[string, InvocationOutcome, Response]>([
    ['a body', succeeded({ statusCode: 200, body: 'pong' }), { data: 'pong', binary: false }],
    ['a body with statusCode 500 (the status is ignored)', succeeded({ statusCode: 500, body: 'still sent' }), { data: 'still sent', binary: false }],
    ['a body without statusCode', succeeded({ body: '{"a":1}' }), { data: '{"a":1}', binary: false }],
    ['an empty body', succeeded({ statusCode: 200, body: '' }), { data: '', binary: false }],
    ['isBase64Encoded false', succeeded({ body: 'AQID', isBase64Encoded: false }), { data: 'AQID', binary: false }],
    ['isBase64Encoded "true" (not the boolean)', succeeded({ body: 'AQID', isBase64Encoded: 'true' }), { data: 'AQID', binary: false }],
    ['isBase64Encoded true', succeeded({ body: 'AQID', isBase64Encoded: true }), { data: Buffer.from([1, 2, 3]), binary: true }],
    ['no body', succeeded({ statusCode: 200 }), undefined],
    ['a body that is not a string', succeeded({ statusCode: 200, body: { a: 1 } }), undefined],
    ['a string result', succeeded('pong'), undefined],
    ['nothing', succeeded(undefined), undefined],
    ['null', succeeded(null), undefined],
    ['a function error', failed('Error', 'boom'), undefined],
    ['a timeout', failed('Sandbox.Timedout', 'Task timed out after 3.00 seconds', true), undefined],
  ])('%s → %j', (_name, outcome, response) => {
    expect(buildRouteResponse(outcome)).toEqual(response);
  });
});
