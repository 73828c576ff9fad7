/**
 * A loopback stand-in for the ALB's regional public key endpoint
 * (`https://public-keys.auth.elb.<region>.amazonaws.com/<kid>`): `GET /<kid>` answers the key's
 * PEM as text, an unknown id 404 (the real endpoint is S3-backed and answers 403 or 404). Tests
 * can make it slow, fail, or answer garbage, and read which ids were asked for.
 */
import { once } from 'node:events';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlbKey } from './alb-tokens';

/** A scripted answer for one key id, in place of the PEM. */
export interface KeyAnswer {
  readonly status?: number;
  readonly body?: string | Buffer;
  /** Wait this long before answering. */
  readonly delayMs?: number;
}

export class AlbKeyServer {
  static async start(...keys: AlbKey[]): Promise<AlbKeyServer> {
    let keyServer: AlbKeyServer | undefined;
    const server = createServer((req, res) => keyServer!.handle(req, res));
    keyServer = new AlbKeyServer(server);
    for (const key of keys) keyServer.add(key);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return keyServer;
  }

  /** The path of each request, in arrival order. */
  readonly requests: string[] = [];
  private readonly keys = new Map<string, string>();
  private readonly answers = new Map<string, KeyAnswer>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: Server) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  add(key: AlbKey): this {
    this.keys.set(key.kid, key.publicPem);
    return this;
  }

  /** Answers `kid` with this instead (until cleared with undefined). */
  answer(kid: string, answer: KeyAnswer | undefined): this {
    if (answer) this.answers.set(kid, answer);
    else this.answers.delete(kid);
    return this;
  }

  /** How many requests asked for `kid`. */
  requestsFor(kid: string): number {
    return this.requests.filter((path) => path === `/${kid}`).length;
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    this.requests.push(path);
    const kid = decodeURIComponent(path.slice(1));
    const scripted = this.answers.get(kid);
    const send = (): void => {
      if (req.method !== 'GET') {
        res.writeHead(405).end();
      } else if (scripted && (scripted.status !== undefined || scripted.body !== undefined)) {
        res.writeHead(scripted.status ?? 200, { 'Content-Type': 'text/plain' }).end(scripted.body ?? '');
      } else if (this.keys.has(kid)) {
        res.writeHead(200, { 'Content-Type': 'binary/octet-stream' }).end(this.keys.get(kid));
      } else {
        res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
      }
    };
    if (!scripted?.delayMs) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!res.destroyed) send();
    }, scripted.delayMs);
    this.timers.add(timer);
  }
}
