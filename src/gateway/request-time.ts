// English abbreviations whatever the host locale: AWS always writes them this way.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Formats `requestContext.requestTime` as API Gateway does (docs/aws-behaviour.md#request-context): Common
 * Log Format `dd/MMM/yyyy:HH:mm:ss +0000`, always UTC, e.g. `09/Feb/2024:18:11:43 +0000`. Milliseconds are
 * dropped; they live in `requestTimeEpoch`.
 * @param epochMs milliseconds since the Unix epoch (the event's `requestTimeEpoch`).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html ($context.requestTime)
 */
export function formatRequestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const day = pad2(date.getUTCDate());
  const month = MONTHS[date.getUTCMonth()];
  const year = date.getUTCFullYear();
  const time = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  return `${day}/${month}/${year}:${time} +0000`;
}
