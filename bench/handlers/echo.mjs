// echo: send the message's `data` straight back to the sender.
import { OK, postTo, readBody } from './aws.mjs';

export const handler = async (event) => {
  const { data } = readBody(event);
  await postTo(event, event.requestContext.connectionId, { type: 'echo', data });
  return OK;
};
