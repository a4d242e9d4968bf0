/**
 * Errors of the inspector's JSON API: a status and `{ code, message }`. `GoneException` is the
 * code `@connections` gives for a connection that does not exist (any more), kept so both APIs
 * read alike.
 */
import type { Response } from 'express';

export type InspectorErrorCode = 'BadRequest' | 'Forbidden' | 'GoneException' | 'NotFound' | 'PayloadTooLarge' | 'InternalError';

const STATUS: Record<InspectorErrorCode, number> = {
  BadRequest: 400,
  Forbidden: 403,
  NotFound: 404,
  GoneException: 410,
  PayloadTooLarge: 413,
  InternalError: 500,
};

export function sendInspectorError(res: Response, code: InspectorErrorCode, message: string): void {
  res.status(STATUS[code]).json({ code, message });
}
