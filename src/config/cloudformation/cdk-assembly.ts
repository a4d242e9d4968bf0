import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from '../../util/is-record.js';

/** A stack in a CDK cloud assembly (`cdk synth`'s output). */
export interface CdkStack {
  /** The artifact id in manifest.json, e.g. `ChatStack` or, in a Stage, `ProdChatStack1A2B3C4D`. */
  readonly id: string;
  /** The CloudFormation stack name it deploys as (`AWS::StackName`), e.g. `Prod-ChatStack`. */
  readonly stackName: string;
  /** How `cdk` names it on the command line, e.g. `Prod/ChatStack`. */
  readonly displayName: string;
  /** The synthesized template (absolute). */
  readonly templateFile: string;
  /** Whether the template has an `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET`. */
  readonly hasWebSocketApi: boolean;
}

export type CdkStackChoice = { readonly stack: CdkStack; readonly problems?: undefined } | { readonly stack?: undefined; readonly problems: readonly string[] };

/**
 * The stack to run from a CDK app: its cloud assembly is `cdk.out` (or cdk.json's `output`), whose
 * manifest.json lists artifacts; stacks are `aws:cloudformation:stack`, and each CDK Stage is a
 * nested assembly (`cdk:cloud-assembly`) in a folder of its own. The stack holding a WebSocket API
 * runs; `wanted` (--stack-name) picks one by artifact id, stack name or display name.
 * https://docs.aws.amazon.com/cdk/v2/guide/apps.html (synthesis writes the cloud assembly)
 */
export function selectCdkStack(cdkJson: string, wanted: string | undefined, show: (file: string) => string): CdkStackChoice {
  const projectDir = path.dirname(cdkJson);
  let output = 'cdk.out';
  try {
    const settings: unknown = JSON.parse(readFileSync(cdkJson, 'utf8'));
    if (isRecord(settings) && typeof settings.output === 'string') output = settings.output;
  } catch (error) {
    return { problems: [`${show(cdkJson)}: not JSON: ${(error as Error).message}`] };
  }
  const manifest = path.resolve(projectDir, output, 'manifest.json');
  if (!existsSync(manifest)) return { problems: [`${show(cdkJson)} found but no ${show(manifest)}: run \`npx cdk synth\` first`] };
  const problems: string[] = [];
  const stacks = readStacks(manifest, problems, show);
  if (problems.length > 0) return { problems };
  const listed = (list: readonly CdkStack[]) => list.map((stack) => stack.displayName).join(', ') || 'none';
  if (wanted !== undefined) {
    const stack = stacks.find((candidate) => [candidate.id, candidate.stackName, candidate.displayName].includes(wanted));
    return stack ? { stack } : { problems: [`--stack-name ${wanted}: no stack in ${show(manifest)} has that artifact id, stack name or display name; its stacks: ${listed(stacks)}`] };
  }
  const withApi = stacks.filter((stack) => stack.hasWebSocketApi);
  if (withApi.length === 1) return { stack: withApi[0]! };
  if (withApi.length === 0) {
    return { problems: [`${show(manifest)}: no stack has a WebSocket API (AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET); its stacks: ${listed(stacks)}`] };
  }
  return { problems: [`${show(manifest)}: ${withApi.length} stacks have a WebSocket API (${listed(withApi)}): choose one with --stack-name NAME (or "stackName" in apigw-ws.config.json)`] };
}

function readStacks(manifest: string, problems: string[], show: (file: string) => string): CdkStack[] {
  const dir = path.dirname(manifest);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch (error) {
    problems.push(`${show(manifest)}: cannot read the cloud assembly: ${(error as Error).message}; run \`npx cdk synth\` again`);
    return [];
  }
  const artifacts = isRecord(parsed) && isRecord(parsed.artifacts) ? parsed.artifacts : {};
  const stacks: CdkStack[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) continue;
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      const nested = path.join(dir, properties.directoryName, 'manifest.json');
      if (existsSync(nested)) stacks.push(...readStacks(nested, problems, show));
      else problems.push(`${show(manifest)}: ${id}: no ${show(nested)}; run \`npx cdk synth\` again`);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack' || typeof properties.templateFile !== 'string') continue;
    const templateFile = path.join(dir, properties.templateFile);
    stacks.push({
      id,
      stackName: typeof properties.stackName === 'string' ? properties.stackName : id,
      displayName: typeof artifact.displayName === 'string' ? artifact.displayName : id,
      templateFile,
      hasWebSocketApi: hasWebSocketApi(templateFile),
    });
  }
  return stacks;
}

function hasWebSocketApi(templateFile: string): boolean {
  let template: unknown;
  try {
    template = JSON.parse(readFileSync(templateFile, 'utf8'));
  } catch {
    // A template that cannot be read is reported by the template loader if it is chosen.
    return false;
  }
  const resources = isRecord(template) && isRecord(template.Resources) ? Object.values(template.Resources) : [];
  return resources.some(
    (resource) =>
      isRecord(resource) && resource.Type === 'AWS::ApiGatewayV2::Api' && isRecord(resource.Properties) && resource.Properties.ProtocolType === 'WEBSOCKET',
  );
}
