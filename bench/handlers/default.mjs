// $default: an action the workload does not know; tell the sender.
import { OK, postTo, readBody } from './aws.mjs';

export const handler = async (event) => {
  const { action } = readBody(event);
  await postTo(event, event.requestContext.connectionId, { type: 'error', message: `unknown action ${JSON.stringify(action ?? null)}` });
  return OK;
};
