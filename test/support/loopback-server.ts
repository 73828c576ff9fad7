/**
 * The plumbing every loopback fake shares: listen on a free 127.0.0.1 port and say the endpoint,
 * stop it without waiting for the connections clients keep alive (the SDKs do), and hand a
 * handler the whole request body.
 */
import type { IncomingMessage, RequestListener, Server as HttpServer, ServerResponse } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export type LoopbackServer = HttpServer | HttpsServer;

/** Listen on a free loopback port; resolves with the endpoint URL. */
export async function listenOnLoopback(server: LoopbackServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return loopbackEndpoint(server);
}

/** `http(s)://127.0.0.1:<port>` of a listening server. */
export function loopbackEndpoint(server: LoopbackServer | undefined): string {
  if (!server?.listening) throw new Error('the fake server is not started');
  const scheme = server instanceof HttpsServer ? 'https' : 'http';
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Close the server and every connection it still has; a server never started is already stopped. */
export async function stopServer(server: LoopbackServer | undefined): Promise<void> {
  if (!server?.listening) return;
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A request listener that reads the body (UTF-8) before calling `handle`. */
export function withBody(handle: (request: IncomingMessage, body: string, response: ServerResponse) => void): RequestListener {
  return (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response));
  };
}
