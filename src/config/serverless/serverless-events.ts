import type { TemplateReport } from '../cloudformation/template-report.js';
import { DEFAULT_IDENTITY_SOURCE } from './serverless-naming.js';
import { formatPath, type ConfigPath, type VariableResolver } from './serverless-variables.js';
import { isRecord } from '../../util/is-record.js';

/** A `websocket` event of a function: one route. */
export interface WebSocketEvent {
  readonly functionKey: string;
  readonly route: string;
  /** `routeResponseSelectionExpression: $default`: the route is two-way. */
  readonly routeResponse: boolean;
  readonly authorizer?: WebSocketAuthorizer;
  /** `functions.KEY.events[i].websocket`, for messages. */
  readonly where: string;
}

export interface WebSocketAuthorizer {
  /** The key of the authorizer function in `functions`. */
  readonly functionKey: string;
  readonly identitySources: readonly string[];
  readonly where: string;
}

export interface EventsFound {
  readonly events: readonly WebSocketEvent[];
  /** How many `websocket` events there are, readable or not. */
  readonly count: number;
  /** The keys of the functions with a `websocket` event, readable or not. */
  readonly functionKeys: ReadonlySet<string>;
}

/**
 * Every function's `websocket` events, in the two forms the Framework documents
 * (https://www.serverless.com/framework/docs/providers/aws/events/websocket): `websocket: $connect`
 * and `websocket: { route, routeResponseSelectionExpression, authorizer }`. Other events are not
 * read (their variables may point at AWS, and they do not run here).
 */
export function readWebSocketEvents(resolver: VariableResolver, functionKeys: readonly string[], report: TemplateReport): EventsFound {
  const events: WebSocketEvent[] = [];
  const withEvents = new Set<string>();
  let count = 0;
  for (const functionKey of functionKeys) {
    const listPath: ConfigPath = ['functions', functionKey, 'events'];
    const list = report.attempt(formatPath(listPath), () => resolver.resolveShallow(listPath));
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      report.problem(formatPath(listPath), 'must be a list of events, e.g. - websocket: $connect');
      continue;
    }
    for (let index = 0; index < list.length; index += 1) {
      const eventPath: ConfigPath = [...listPath, index];
      const event = report.attempt(formatPath(eventPath), () => resolver.resolveShallow(eventPath));
      if (!isRecord(event) || !Object.hasOwn(event, 'websocket')) continue;
      count += 1;
      withEvents.add(functionKey);
      const where = formatPath([...eventPath, 'websocket']);
      const definition = report.attempt(where, () => resolver.resolve([...eventPath, 'websocket']));
      if (definition === undefined) continue;
      const found = readEvent(functionKey, definition, where, report);
      if (found) events.push(found);
    }
  }
  return { events, count, functionKeys: withEvents };
}

function readEvent(functionKey: string, definition: unknown, where: string, report: TemplateReport): WebSocketEvent | undefined {
  if (typeof definition === 'string' && definition !== '') return { functionKey, route: definition, routeResponse: false, where };
  if (!isRecord(definition)) {
    report.problem(where, 'must be a route key (websocket: $connect) or a map with route (websocket: { route: $connect })');
    return undefined;
  }
  const { route, routeResponseSelectionExpression: selection } = definition;
  if (route === undefined && definition.routeKey !== undefined) {
    // The serverless-websockets-plugin (before the Framework had websocket events) wrote `routeKey`.
    const eventWhere = where.slice(0, -'.websocket'.length);
    report.problem(eventWhere, `websocket.routeKey is the serverless-websockets-plugin form; the Framework's websocket event takes route: ${String(definition.routeKey)}`);
    return undefined;
  }
  if (typeof route !== 'string' || route === '') {
    report.problem(where, 'has no route: give the route key, e.g. route: $default');
    return undefined;
  }
  if (selection !== undefined && selection !== '$default') {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html
    report.warn(`${where}.routeResponseSelectionExpression`, `${String(selection)}: WebSocket APIs support only $default, so route ${route} is one-way`);
  }
  const authorizer = definition.authorizer === undefined ? undefined : readAuthorizer(definition.authorizer, route, `${where}.authorizer`, report);
  return { functionKey, route, routeResponse: selection === '$default', ...(authorizer ? { authorizer } : {}), where };
}

/** `authorizer: fnKey`, `authorizer: { name, identitySource }`; an ARN names a function this file does not hold. */
function readAuthorizer(value: unknown, route: string, where: string, report: TemplateReport): WebSocketAuthorizer | undefined {
  if (route !== '$connect') {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
    report.warn(where, `route ${route} is not $connect: API Gateway runs authorizers only on $connect, so it is ignored`);
    return undefined;
  }
  const spec = isRecord(value) ? value : { name: value };
  const arn = isRecord(value) ? value.arn : typeof value === 'string' && value.includes(':') ? value : undefined;
  if (arn !== undefined) {
    report.problem(where, `${String(arn)} is a function outside this serverless.yml, which cannot run here: define it under functions and give its key (authorizer: { name: KEY })`);
    return undefined;
  }
  if (typeof spec.name !== 'string' || spec.name === '') {
    report.problem(where, 'give the authorizer function\'s key: authorizer: KEY or authorizer: { name: KEY }');
    return undefined;
  }
  const sources = spec.identitySource ?? [DEFAULT_IDENTITY_SOURCE];
  const list = Array.isArray(sources) ? sources : [sources];
  if (!list.every((item) => typeof item === 'string')) {
    report.problem(`${where}.identitySource`, 'must be a list of strings, e.g. route.request.header.Auth');
    return undefined;
  }
  return { functionKey: spec.name, identitySources: list as string[], where };
}

/** The functions that run here, each with what uses it first: routes' functions and the authorizer. */
export function selectUsedFunctions(events: readonly WebSocketEvent[], functionKeys: readonly string[], report: TemplateReport): Map<string, string> {
  const used = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const event of events) {
    const owner = owners.get(event.route);
    if (owner !== undefined) {
      report.problem(event.where, `route ${event.route} is also functions.${owner}'s: a route has one integration`);
      continue;
    }
    owners.set(event.route, event.functionKey);
    if (!used.has(event.functionKey)) used.set(event.functionKey, `route ${event.route}`);
    const authorizer = event.authorizer;
    if (authorizer === undefined) continue;
    if (!functionKeys.includes(authorizer.functionKey)) {
      report.problem(authorizer.where, `no function ${authorizer.functionKey} in functions (it has: ${functionKeys.join(', ')})`);
    } else if (!used.has(authorizer.functionKey)) {
      used.set(authorizer.functionKey, 'the authorizer');
    }
  }
  return used;
}
