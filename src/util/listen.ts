import type { Server } from 'node:http';
import { EmulatorError } from '../errors.js';

/** Binds `server`; a failure becomes an `ERR_LISTEN` error that says how to fix it. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'EADDRINUSE' ? ` (port ${port} is in use: pick another with --port, or 0 for a free one)` : '';
      reject(new EmulatorError('ERR_LISTEN', `cannot listen on ${host}:${port}: ${error.message}${hint}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
