/**
 * A loopback reverse proxy that plays the ALB's authenticate action in front of the app: it drops
 * any `x-amzn-oidc-*` header the client sent (as the ALB does), and, while a user is signed in,
 * adds a freshly signed `x-amzn-oidc-data` (plus `x-amzn-oidc-identity` and a dummy access token)
 * to every request, then streams the app's answer back unbuffered (SSE passes through).
 * With no user it forwards requests without any claims: what reaches a pod that is not behind
 * the authenticate action.
 */
import { once } from 'node:events';
import { IncomingHttpHeaders, Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlbKey, MintOptions, mintAlbToken } from './alb-tokens';

export interface AlbProxyOptions {
  /** The app's base URL, e.g. http://127.0.0.1:1234. */
  readonly target: string;
  readonly key: AlbKey;
  /** The claims of the signed-in user; undefined forwards requests unsigned. */
  readonly user?: Record<string, unknown>;
  /** More token options (header overrides, expiry). */
  readonly mint?: Omit<MintOptions, 'claims'>;
}

export class AlbProxy {
  static async start(options: AlbProxyOptions): Promise<AlbProxy> {
    let proxy: AlbProxy | undefined;
    const server = createServer((req, res) => {
      proxy!.requests.push(req.url ?? '/');
      const upstream = request(new URL(req.url ?? '/', options.target), {
        method: req.method,
        headers: proxy!.headers(req.headers, req.socket.remoteAddress),
      }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end('502 Bad Gateway');
      });
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
    proxy = new AlbProxy(server, options);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return proxy;
  }

  /** The user claims signed into each request; undefined sends none. */
  user: Record<string, unknown> | undefined;
  /** The path of each proxied request, in order. */
  readonly requests: string[] = [];

  private constructor(private readonly server: Server, private readonly options: AlbProxyOptions) {
    this.user = options.user;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private headers(incoming: IncomingHttpHeaders, peer: string | undefined): IncomingHttpHeaders {
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming)) {
      if (!name.startsWith('x-amzn-oidc-')) headers[name] = value;
    }
    headers['x-forwarded-for'] = [incoming['x-forwarded-for'], peer].filter(Boolean).join(', ');
    headers['x-forwarded-proto'] = 'https';
    if (this.user) {
      headers['x-amzn-oidc-data'] = mintAlbToken(this.options.key, { ...this.options.mint, claims: this.user });
      headers['x-amzn-oidc-identity'] = String(this.user.sub ?? '');
      headers['x-amzn-oidc-accesstoken'] = 'eyJraWQiOiJhY2Nlc3MifQ.e30.c2ln';
    }
    return headers;
  }
}
