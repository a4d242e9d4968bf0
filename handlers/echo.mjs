// A minimal WebSocket API, written as it would be deployed to AWS (Node.js 20 runtime):
//   $connect   accepts every connection
//   $default   two-way route (a $default route response): sends back what it received
//   $disconnect logs why the connection ended
// `npm start` serves it until the chat room example arrives.
export const connect = async (event) => {
  console.log('connected', event.requestContext.connectionId);
  return { statusCode: 200 };
};

export const echo = async (event) => {
  return { statusCode: 200, body: JSON.stringify({ echo: event.body, connectionId: event.requestContext.connectionId }) };
};

export const disconnect = async (event) => {
  const { connectionId, disconnectStatusCode, disconnectReason } = event.requestContext;
  console.log('disconnected', connectionId, disconnectStatusCode, disconnectReason);
  return { statusCode: 200 };
};
