/**
 * Starts listening, and turns the failures an operator fixes with PORT or HOST (a busy port, a
 * privileged one, an address this machine does not have) into a {@link ListenError}: one line
 * naming the problem and the fix, which server.ts prints instead of Node's stack trace.
 */
import type { Server } from 'node:http';

/** A listen failure the operator can fix; the message is the whole story (no stack needed). */
export class ListenError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'ListenError';
  }
}

/** Resolves once `server` listens on `host`:`port`; rejects with a ListenError when it cannot. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Both listeners go once the outcome is known: a later server error is not a listen failure.
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(listenError(err, port, host) ?? err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError).once('listening', onListening);
    server.listen(port, host);
  });
}

/** The one-line explanation of `err`, or undefined when it is not a PORT/HOST problem. */
export function listenError(err: unknown, port: number, host: string): ListenError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const next = port >= 1024 && port < 65535 ? port + 1 : 8081;
  switch (code) {
    case 'EADDRINUSE':
      return new ListenError(`port ${port} is already in use; stop the other process or choose another port, e.g. PORT=${next} npm run chatbot`, code);
    case 'EACCES':
      return new ListenError(`port ${port} needs privileges this process does not have (EACCES); choose a port of 1024 or above, e.g. PORT=8080 npm run chatbot`, code);
    case 'EADDRNOTAVAIL':
      return new ListenError(`HOST ${host} is not an address of this machine (EADDRNOTAVAIL); set HOST to one of its addresses, e.g. HOST=127.0.0.1, or unset it to listen on all of them`, code);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenError(`HOST ${JSON.stringify(host)} could not be resolved to an address (${code}); set HOST to an IP address such as 127.0.0.1, or unset it to listen on all addresses`, code);
    default:
      return undefined;
  }
}
