/**
 * `@connections` is for server code: the AWS SDK never sends an `Origin` header, and a browser
 * always does on a cross-origin request and cannot forge it. So a request whose `Origin` is not the
 * emulator's own is a web page on another site trying to post to or close a local connection
 * (fetch with mode no-cors still delivers a POST), and is refused. On AWS such a request would
 * fail too, for want of a SigV4 signature.
 * https://fetch.spec.whatwg.org/#origin-header
 */
export function isForeignOrigin(origin: string | undefined, ownOrigins: ReadonlySet<string>): boolean {
  return origin !== undefined && !ownOrigins.has(origin.toLowerCase());
}
