/**
 * A loopback stand-in for the EKS Pod Identity agent: the container credentials endpoint the
 * SDK's default chain calls when AWS_CONTAINER_CREDENTIALS_FULL_URI is set (the SDK allows
 * loopback hosts there). Tests start it late to play an agent that comes up after the pod.
 */
import { once } from 'node:events';
import { Server, createServer } from 'node:http';

/** The credentials it hands out. */
export const AGENT_CREDENTIALS = { accessKeyId: 'ASIAPODIDENTITYFAKE', secretAccessKey: 'pod-identity-secret', sessionToken: 'pod-identity-session' };

export class FakePodIdentityAgent {
  /** Listens on 127.0.0.1:`port` (a port the test reserved and named in the environment). */
  static async start(port: number): Promise<FakePodIdentityAgent> {
    let agent: FakePodIdentityAgent | undefined;
    const server = createServer((req, res) => {
      agent!.authorizations.push(String(req.headers.authorization ?? ''));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({
        AccessKeyId: AGENT_CREDENTIALS.accessKeyId,
        SecretAccessKey: AGENT_CREDENTIALS.secretAccessKey,
        Token: AGENT_CREDENTIALS.sessionToken,
        AccountId: '111122223333',
        Expiration: new Date(Date.now() + 3600_000).toISOString(),
      }));
    });
    agent = new FakePodIdentityAgent(server);
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return agent;
  }

  /** The Authorization header of each request it answered. */
  readonly authorizations: string[] = [];

  private constructor(private readonly server: Server) {}

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
