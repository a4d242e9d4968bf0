// $default: anything that is not join, leave or sendAll, including bodies that are not JSON
// objects. Without a $default route API Gateway answers a bare {"message": "Forbidden"}; this
// tells the page what it can send instead.
import { OK, post } from './lib.mjs';

const ACTIONS = ['join', 'leave', 'sendAll'];

export const handler = async (event) => {
  await post(event, event.requestContext.connectionId, { type: 'error', message: 'unknown action', actions: ACTIONS });
  return OK;
};
