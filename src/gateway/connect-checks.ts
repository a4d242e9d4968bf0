/**
 * Pure pieces of the `$connect` handshake that the gateway logs or answers with: the `AWS_IAM`
 * signature check, the line for a refusal by the authorizer, and the warning for an offered
 * subprotocol nobody chose.
 */
import type { IncomingMessage } from 'node:http';
import { verifySignature, type SigningCredentials } from '../util/sigv4-verify.js';
import type { ConnectionFacts } from './request-context.js';

export interface IamSettings {
  readonly credentials: SigningCredentials;
  readonly accountId: string;
}

/**
 * AWS_IAM on `$connect`: the upgrade request itself must be SigV4-signed for execute-api
 * (docs/aws-behaviour.md#authorizers). The problem AWS answers 403 with, or the caller's identity.
 */
export function checkIamUpgrade(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>, iam: IamSettings): { readonly problem: string } | { readonly identity: NonNullable<ConnectionFacts['iamIdentity']> } {
  const problem = verifySignature({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.alloc(0) }, iam.credentials);
  if (problem) return { problem };
  const { accessKeyId } = iam.credentials;
  return {
    identity: {
      accountId: iam.accountId,
      caller: accessKeyId,
      accessKey: accessKeyId,
      user: accessKeyId,
      userArn: `arn:aws:iam::${iam.accountId}:user/${accessKeyId}`,
    },
  };
}

/** "By the authorizer" only when it ran: a missing identity source refuses before it is invoked. */
export function formatAuthorizerRefusal(status: number, missingSource: string | undefined, connectionId: string): string {
  return missingSource === undefined
    ? `CONNECT refused by the authorizer ${status} ${connectionId}`
    : `CONNECT refused ${status} (identity source ${missingSource} missing; authorizer not invoked) ${connectionId}`;
}

/**
 * A client that offers subprotocols fails the handshake when the 101 carries none, on AWS as here
 * (docs/aws-behaviour.md#subprotocols): other emulators hide this production bug by echoing one
 * themselves. The warning says how to fix it.
 */
export function formatMissingSubprotocolWarning(offered: string, connectionId: string, hasConnectRoute: boolean): string {
  const fix = hasConnectRoute
    ? `return headers: { 'Sec-WebSocket-Protocol': '<one of them>' } from $connect`
    : 'add a $connect route that returns headers: { \'Sec-WebSocket-Protocol\': \'<one of them>\' }';
  return `connection ${connectionId} offered subprotocols "${offered}" but the 101 carries none, so the client will fail the handshake as it would on AWS: ${fix}`;
}
