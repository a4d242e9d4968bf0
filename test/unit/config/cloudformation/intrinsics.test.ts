import { describe, expect, test } from 'vitest';
import { NO_VALUE, resolveIntrinsics, UnresolvableError, type IntrinsicScope } from '../../../../src/config/cloudformation/intrinsics.js';
import { parseTemplateText } from '../../../../src/config/cloudformation/parse-template-text.js';

const scope: IntrinsicScope = {
  region: 'eu-west-1',
  mappings: { Sizes: { dev: { Memory: 128 }, prod: { Memory: 1024 } } },
  ref: (name) =>
    (({ 'AWS::Region': 'eu-west-1', 'AWS::NoValue': NO_VALUE, Env: 'dev', Zones: ['a', 'b'] }) as Record<string, string | string[] | typeof NO_VALUE>)[name],
  refResource: (logicalId) => (logicalId === 'Api' ? 'abc123defg' : logicalId === 'Fn' ? 'my-fn' : undefined),
  getAtt: (logicalId, attribute) => {
    if (logicalId === 'Fn' && attribute === 'Arn') return 'arn:aws:lambda:eu-west-1:123456789012:function:my-fn';
    throw new UnresolvableError(`Fn::GetAtt ${logicalId}.${attribute}: unknown`);
  },
  condition: (name) => name === 'IsDev',
};

/** Each case is written in YAML short form, as users write templates, so the parser is covered too. */
const cases: [string, unknown][] = [
  ['!Ref Env', 'dev'],
  ['!Ref Api', 'abc123defg'],
  ['!GetAtt Fn.Arn', 'arn:aws:lambda:eu-west-1:123456789012:function:my-fn'],
  ['!GetAtt [Fn, Arn]', 'arn:aws:lambda:eu-west-1:123456789012:function:my-fn'],
  ['!Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"', 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:my-fn/invocations'],
  ['!Sub "integrations/${Api}"', 'integrations/abc123defg'],
  ['!Sub ["${Greeting}, ${Env}", { Greeting: !Join ["", [hel, lo]] }]', 'hello, dev'],
  ['!Sub "${!Literal} ${Env}"', '${Literal} dev'],
  ['!Join ["/", [integrations, !Ref Api]]', 'integrations/abc123defg'],
  ['!Join [",", !Ref Zones]', 'a,b'],
  ['!Select [1, !Split [",", "x,y,z"]]', 'y'],
  ['!Select [0, !Ref Zones]', 'a'],
  ['!If [IsDev, small, large]', 'small'],
  ['!If [IsProd, small, large]', 'large'],
  ['!FindInMap [Sizes, !Ref Env, Memory]', 128],
  ['!Base64 hello', 'aGVsbG8='],
  ['!GetAZs ""', ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']],
  ['!Equals [!Ref Env, dev]', true],
  ['!Not [!Equals [!Ref Env, dev]]', false],
  ['!And [!Equals [a, a], !Condition IsDev]', true],
  ['!Or [!Equals [a, b], !Condition IsProd]', false],
  ['[a, !Ref AWS::NoValue, b]', ['a', 'b']],
  ['{ Keep: 1, Drop: !Ref AWS::NoValue }', { Keep: 1 }],
  ['{ Nested: { List: [!Ref Env, 2, true] } }', { Nested: { List: ['dev', 2, true] } }],
];

const failures: [string, string][] = [
  ['!Ref Nope', 'Ref Nope: no parameter or resource has that name'],
  ['!ImportValue shared-table', 'Fn::ImportValue is not supported: values exported by another stack do not exist locally'],
  ['!GetAtt Fn.Nope', 'Fn::GetAtt Fn.Nope: unknown'],
  ['!Select [5, [a, b]]', 'Fn::Select: index 5 is outside the list of 2'],
  ['!FindInMap [Sizes, test, Memory]', 'Fn::FindInMap: no Sizes.test.Memory in Mappings'],
  ['!Join ["/"]', 'Fn::Join takes a list of 2, not ["/"]'],
  ['!Cidr [10.0.0.0/16, 2, 8]', 'Fn::Cidr is not supported locally'],
  ['!Sub "${Nope}"', 'Ref Nope: no parameter or resource has that name'],
];

function parse(text: string): unknown {
  const parsed = parseTemplateText(`value: ${text}\n`, 'case.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return (parsed.value as { value: unknown }).value;
}

describe('resolveIntrinsics', () => {
  test.each(cases)('%s', (text, expected) => {
    expect(resolveIntrinsics(parse(text), scope)).toEqual(expected);
  });

  test.each(failures)('%s fails with what to do', (text, message) => {
    expect(() => resolveIntrinsics(parse(text), scope)).toThrow(new UnresolvableError(message));
  });

  test('long forms (JSON templates) resolve like short ones', () => {
    const long = { 'Fn::Join': ['/', ['integrations', { Ref: 'Api' }]] };
    expect(resolveIntrinsics(long, scope)).toBe('integrations/abc123defg');
  });
});
