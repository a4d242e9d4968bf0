import type { GlobalSecondaryIndexOptions, KeyAttributeOptions, KeyType, TableOptions } from '../../dynamodb/index.js';
import { resolveIntrinsics, type IntrinsicScope } from './intrinsics.js';
import type { TemplateReport } from './template-report.js';
import { TABLE_TYPES, type TemplateResource } from './template-resources.js';
import { isRecord } from '../../util/is-record.js';

/** Every table of the template (each marked used, so it is not named as "not emulated"). */
export function buildTemplateTables(
  resources: ReadonlyMap<string, TemplateResource>,
  scope: IntrinsicScope,
  report: TemplateReport,
  used: Set<string>,
): TableOptions[] {
  const tables: TableOptions[] = [];
  for (const resource of resources.values()) {
    if (!TABLE_TYPES.has(resource.type)) continue;
    used.add(resource.logicalId);
    const table = buildTemplateTable(resource, scope.refResource(resource.logicalId)!, scope, report);
    if (table) tables.push(table);
  }
  return tables;
}

/**
 * A table resource as the emulator creates it: keys, global secondary indexes and TTL (what
 * CreateTable and UpdateTimeToLive take from `AWS::DynamoDB::Table`; SAM's `SimpleTable` is a
 * table with one key). Other table settings (billing, encryption, PITR) change nothing locally.
 */
export function buildTemplateTable(resource: TemplateResource, name: string, scope: IntrinsicScope, report: TemplateReport): TableOptions | undefined {
  const where = resource.logicalId;
  const properties = report.attempt(where, () => resolveIntrinsics(resource.properties, scope));
  if (!isRecord(properties)) return undefined;
  if (resource.type === 'AWS::Serverless::SimpleTable') {
    const key = isRecord(properties.PrimaryKey) ? properties.PrimaryKey : { Name: 'id', Type: 'String' };
    const type = ({ String: 'S', Number: 'N', Binary: 'B' } as const)[String(key.Type) as 'String'];
    if (typeof key.Name !== 'string' || type === undefined) {
      report.problem(where, 'PrimaryKey needs Name and Type (String, Number or Binary)');
      return undefined;
    }
    return { name, hashKey: { name: key.Name, type } };
  }
  const types = new Map<string, KeyType>();
  for (const definition of asList(properties.AttributeDefinitions)) {
    if (isRecord(definition) && typeof definition.AttributeName === 'string') types.set(definition.AttributeName, String(definition.AttributeType) as KeyType);
  }
  const keys = (schema: unknown, what: string): { hashKey?: KeyAttributeOptions; rangeKey?: KeyAttributeOptions } => {
    const result: { hashKey?: KeyAttributeOptions; rangeKey?: KeyAttributeOptions } = {};
    for (const element of asList(schema)) {
      if (!isRecord(element) || typeof element.AttributeName !== 'string') continue;
      const type = types.get(element.AttributeName);
      if (type === undefined) report.problem(where, `${what}: ${element.AttributeName} is not in AttributeDefinitions (CloudFormation needs its type there)`);
      const attribute = { name: element.AttributeName, type: type ?? 'S' };
      if (element.KeyType === 'RANGE') result.rangeKey = attribute;
      else result.hashKey = attribute;
    }
    if (result.hashKey === undefined) report.problem(where, `${what} has no HASH key`);
    return result;
  };
  const tableKeys = keys(properties.KeySchema, 'KeySchema');
  if (tableKeys.hashKey === undefined) return undefined;
  const globalSecondaryIndexes: GlobalSecondaryIndexOptions[] = [];
  for (const index of asList(properties.GlobalSecondaryIndexes)) {
    if (!isRecord(index) || typeof index.IndexName !== 'string') continue;
    const indexKeys = keys(index.KeySchema, `GlobalSecondaryIndexes ${index.IndexName} KeySchema`);
    if (indexKeys.hashKey === undefined) continue;
    const projection = isRecord(index.Projection) ? index.Projection : {};
    globalSecondaryIndexes.push({
      name: index.IndexName,
      hashKey: indexKeys.hashKey,
      ...(indexKeys.rangeKey === undefined ? {} : { rangeKey: indexKeys.rangeKey }),
      projection: projection.ProjectionType === 'INCLUDE' ? asList(projection.NonKeyAttributes).map(String) : String(projection.ProjectionType ?? 'ALL'),
    });
  }
  if (asList(properties.LocalSecondaryIndexes).length > 0) {
    report.warn(where, 'LocalSecondaryIndexes are not created locally: queries on them fail with ValidationException');
  }
  if (isRecord(properties.StreamSpecification) || isRecord(properties.KinesisStreamSpecification)) {
    report.warn(where, 'streams are not emulated: functions triggered by this table\'s stream do not run');
  }
  const ttl = isRecord(properties.TimeToLiveSpecification) ? properties.TimeToLiveSpecification : undefined;
  const ttlEnabled = ttl !== undefined && (ttl.Enabled === true || ttl.Enabled === 'true') && typeof ttl.AttributeName === 'string';
  return {
    name,
    hashKey: tableKeys.hashKey,
    ...(tableKeys.rangeKey === undefined ? {} : { rangeKey: tableKeys.rangeKey }),
    ...(globalSecondaryIndexes.length === 0 ? {} : { globalSecondaryIndexes }),
    ...(ttlEnabled ? { ttlAttribute: ttl.AttributeName as string } : {}),
  };
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
