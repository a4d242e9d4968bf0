import { evaluateCondition, NO_VALUE, UnresolvableError, type IntrinsicScope } from './intrinsics.js';
import type { TemplateFacts } from './template-facts.js';
import { buildAttribute, buildPhysicalId, type TemplateResource } from './template-resources.js';

export type { TemplateFacts } from './template-facts.js';

/**
 * The scope intrinsics are evaluated in: pseudo parameters, parameters, conditions, mappings and
 * what each resource type's `Ref` and `Fn::GetAtt` return once deployed (return values from each
 * type's page in the CloudFormation resource reference), made up locally in the same shapes.
 */
export function createTemplateScope(
  facts: TemplateFacts,
  parameters: ReadonlyMap<string, string | readonly string[]>,
  declaredParameters: ReadonlySet<string>,
  conditions: Readonly<Record<string, unknown>>,
  mappings: Readonly<Record<string, unknown>>,
  resources: ReadonlyMap<string, TemplateResource>,
): IntrinsicScope {
  const conditionValues = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const physicalIds = new Map<string, string>();
  const pseudo: Record<string, string | readonly string[] | typeof NO_VALUE> = {
    'AWS::Region': facts.region,
    'AWS::AccountId': facts.accountId,
    'AWS::StackName': facts.stackName,
    'AWS::StackId': `arn:aws:cloudformation:${facts.region}:${facts.accountId}:stack/${facts.stackName}/00000000-0000-4000-8000-000000000000`,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': [],
    'AWS::NoValue': NO_VALUE,
  };
  const scope: IntrinsicScope = {
    region: facts.region,
    mappings,
    ref(name) {
      if (Object.hasOwn(pseudo, name)) return pseudo[name];
      if (name.startsWith('AWS::')) throw new UnresolvableError(`Ref ${name}: no such pseudo parameter`);
      const value = parameters.get(name);
      if (value !== undefined) return value;
      if (!resources.has(name) && declaredParameters.has(name)) {
        throw new UnresolvableError(`parameter ${name} has no Default: give it with --parameter-overrides ${name}=VALUE`);
      }
      return undefined;
    },
    refResource(logicalId) {
      const resource = resources.get(logicalId);
      if (!resource) return undefined;
      let id = physicalIds.get(logicalId);
      if (id === undefined) {
        id = buildPhysicalId(resource, scope, facts);
        physicalIds.set(logicalId, id);
      }
      return id;
    },
    getAtt(logicalId, attribute) {
      // SAM's `Function.Alias` is a reference, also written `${Function.Alias}` inside Fn::Sub.
      if (resources.has(`${logicalId}.${attribute}`)) return scope.refResource(`${logicalId}.${attribute}`)!;
      const resource = resources.get(logicalId);
      if (!resource) throw new UnresolvableError(`Fn::GetAtt ${logicalId}.${attribute}: no resource ${logicalId}`);
      const id = scope.refResource(logicalId)!;
      const value = buildAttribute(resource, id, attribute, facts);
      if (value === undefined) throw new UnresolvableError(`Fn::GetAtt ${logicalId}.${attribute}: ${resource.type} has no attribute ${attribute} known locally`);
      return value;
    },
    condition(name) {
      const known = conditionValues.get(name);
      if (known !== undefined) return known;
      if (!Object.hasOwn(conditions, name)) throw new UnresolvableError(`condition ${name} is not in Conditions`);
      if (evaluating.has(name)) throw new UnresolvableError(`condition ${name} refers to itself`);
      evaluating.add(name);
      try {
        const value = evaluateCondition(conditions[name], scope);
        conditionValues.set(name, value);
        return value;
      } finally {
        evaluating.delete(name);
      }
    },
  };
  return scope;
}
