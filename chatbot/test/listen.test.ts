/**
 * Listen failures an operator fixes with PORT or HOST become one line naming the problem and the
 * fix (server.ts prints it instead of a stack trace); anything else stays the error it was.
 */
import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ListenError, listen, listenError } from '../src/listen';

/** The error `listen` rejects with. */
async function failure(server: Server, port: number, host: string): Promise<unknown> {
  return listen(server, port, host).then(() => {
    throw new Error(`listened on ${host}:${port}`);
  }, (err: unknown) => err);
}

describe('listen', () => {
  const servers: Server[] = [];
  const server = (): Server => {
    const created = createServer();
    servers.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).filter((s) => s.listening).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('resolves once listening, and leaves no listener behind to swallow later errors', async () => {
    const target = server();
    // Node's http.Server keeps listeners of its own: compare with the counts before.
    const before = { error: target.listenerCount('error'), listening: target.listenerCount('listening') };
    await listen(target, 0, '127.0.0.1');
    expect(target.listening).to.equal(true);
    expect({ error: target.listenerCount('error'), listening: target.listenerCount('listening') }).to.deep.equal(before);
  });

  it('names a busy port and how to choose another', async () => {
    const holder = server();
    await listen(holder, 0, '127.0.0.1');
    const { port } = holder.address() as AddressInfo;
    const err = await failure(server(), port, '127.0.0.1');
    expect(err).to.be.instanceOf(ListenError);
    expect((err as ListenError).message).to.equal(`port ${port} is already in use; stop the other process or choose another port, e.g. PORT=${port + 1} npm run chatbot`);
  });

  it('names a HOST that is not an address of this machine', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never a local address; binding fails without any traffic.
    const err = await failure(server(), 0, '192.0.2.1');
    expect((err as ListenError).message).to.equal('HOST 192.0.2.1 is not an address of this machine (EADDRNOTAVAIL); set HOST to one of its addresses, e.g. HOST=127.0.0.1, or unset it to listen on all of them');
  });

  it('names a privileged port and a HOST that does not resolve (errors as Node reports them)', () => {
    const eacces = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES', syscall: 'listen' });
    expect(listenError(eacces, 80, '0.0.0.0')?.message).to.equal('port 80 needs privileges this process does not have (EACCES); choose a port of 1024 or above, e.g. PORT=8080 npm run chatbot');
    const enotfound = Object.assign(new Error('getaddrinfo ENOTFOUND chatbot.internal'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' });
    expect(listenError(enotfound, 8080, 'chatbot.internal')?.message).to.equal('HOST "chatbot.internal" could not be resolved to an address (ENOTFOUND); set HOST to an IP address such as 127.0.0.1, or unset it to listen on all addresses');
  });

  it('passes other errors through unchanged', async () => {
    const odd = Object.assign(new Error('something else'), { code: 'EMFILE' });
    expect(listenError(odd, 8080, '0.0.0.0')).to.equal(undefined);
    const target = server();
    const failed = listen(target, 0, '127.0.0.1');
    target.emit('error', odd);
    expect(await failed.catch((err: unknown) => err)).to.equal(odd);
    // The (made-up) error did not stop the real listen: let it finish so afterEach closes it.
    if (!target.listening) await new Promise((resolve) => target.once('listening', resolve));
  });
});
