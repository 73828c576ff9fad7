import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { AlbSigningKeys, AlbSigningKeysOptions } from '../../src/auth/alb-signing-keys';
import { InvalidToken, SigningKeyUnavailable } from '../../src/auth/auth-errors';
import { AlbKeyServer } from '../support/alb-key-server';
import { AlbKey, albKey } from '../support/alb-tokens';

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => { throw new Error('resolved'); }, (err: Error) => err);
}

describe('AlbSigningKeys (loopback key server)', () => {
  let server: AlbKeyServer;
  let key: AlbKey;
  let clock: number;

  beforeEach(async () => {
    key = albKey();
    server = await AlbKeyServer.start(key);
    clock = 0;
  });
  afterEach(() => server.close());

  const keys = (options: Partial<AlbSigningKeysOptions> = {}): AlbSigningKeys =>
    new AlbSigningKeys({ endpoint: `${server.url}/`, clock: () => clock, ...options });

  it('fetches a key by id from <endpoint>/<kid> once, then serves it from memory', async () => {
    const subject = keys();
    const first = await subject.get(key.kid);
    expect(first.asymmetricKeyType).to.equal('ec');
    expect(first.export({ format: 'pem', type: 'spki' }).toString()).to.equal(key.publicPem);
    for (let i = 0; i < 5; i++) expect(await subject.get(key.kid)).to.equal(first);
    expect(server.requests).to.deep.equal([`/${key.kid}`]);
  });

  it('shares one fetch between concurrent requests for the same id', async () => {
    server.answer(key.kid, { delayMs: 100 });
    const subject = keys();
    const results = await Promise.all(Array.from({ length: 20 }, () => subject.get(key.kid)));
    expect(new Set(results).size).to.equal(1);
    expect(server.requestsFor(key.kid)).to.equal(1);
  });

  it('gives up on a slow key server after the timeout, as unavailable, and asks again next time', async () => {
    server.answer(key.kid, { delayMs: 2000 });
    const subject = keys({ fetchTimeoutMs: 150 });
    const started = performance.now();
    const err = await failure(subject.get(key.kid));
    expect(err).to.be.instanceOf(SigningKeyUnavailable);
    expect(err.message).to.contain('could not be reached');
    expect(performance.now() - started).to.be.below(1500);
    server.answer(key.kid, undefined);
    expect((await subject.get(key.kid)).asymmetricKeyType).to.equal('ec');
    expect(server.requestsFor(key.kid)).to.equal(2);
  });

  it('treats 404 (and 403) as an unknown key, remembered for a while', async () => {
    const subject = keys({ unknownKeyTtlMs: 60_000 });
    const unknown = albKey().kid;
    expect(await failure(subject.get(unknown))).to.be.instanceOf(InvalidToken).and.to.include({ problem: 'unknown_key' });
    expect(await failure(subject.get(unknown))).to.include({ problem: 'unknown_key' });
    expect(server.requestsFor(unknown)).to.equal(1);
    clock += 60_001;
    server.answer(unknown, { status: 403, body: 'AccessDenied' });
    expect(await failure(subject.get(unknown))).to.include({ problem: 'unknown_key' });
    expect(server.requestsFor(unknown)).to.equal(2);
  });

  it('treats a 5xx, a non-PEM or a non-P-256 answer as unavailable, never cached', async () => {
    const subject = keys();
    server.answer(key.kid, { status: 503, body: 'Slow Down' });
    expect((await failure(subject.get(key.kid))).message).to.contain('answered 503');
    server.answer(key.kid, { status: 200, body: '<html>captive portal</html>' });
    expect((await failure(subject.get(key.kid))).message).to.contain('not a PEM public key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    server.answer(key.kid, { status: 200, body: rsa });
    expect((await failure(subject.get(key.kid))).message).to.contain('not an EC P-256 key');
    server.answer(key.kid, { status: 200, body: Buffer.alloc(20000, 65) });
    expect((await failure(subject.get(key.kid))).message).to.contain('larger than');
    server.answer(key.kid, undefined);
    expect((await subject.get(key.kid)).asymmetricKeyType).to.equal('ec');
    expect(server.requestsFor(key.kid)).to.equal(5);
  });

  it('keeps a bounded number of keys, least recently used out first', async () => {
    const many = Array.from({ length: 3 }, () => albKey());
    many.forEach((k) => server.add(k));
    const subject = keys({ maxKeys: 2 });
    await subject.get(many[0]!.kid);
    await subject.get(many[1]!.kid);
    await subject.get(many[0]!.kid); // most recently used now
    await subject.get(many[2]!.kid); // evicts many[1]
    await subject.get(many[0]!.kid);
    await subject.get(many[1]!.kid);
    expect(server.requestsFor(many[0]!.kid)).to.equal(1);
    expect(server.requestsFor(many[1]!.kid)).to.equal(2);
  });

  it('limits fetches of made-up ids, so a flood cannot hammer the key server', async () => {
    const subject = keys({ fetchBurst: 3, fetchesPerMinute: 6 });
    const ids = Array.from({ length: 5 }, () => albKey().kid);
    const results = await Promise.all(ids.map((id) => failure(subject.get(id))));
    expect(results.filter((err) => err instanceof InvalidToken)).to.have.length(3);
    expect(results.filter((err) => err instanceof SigningKeyUnavailable)).to.have.length(2);
    expect(server.requests).to.have.length(3);
    clock += 10_000; // one fetch per 10 s comes back
    expect((await subject.get(key.kid)).asymmetricKeyType).to.equal('ec');
  });

  it('never puts an id that is not a key id into the URL', async () => {
    const subject = keys();
    for (const kid of ['../x', 'a/b', 'a b', '', 'x'.repeat(65), '%2e%2e']) {
      expect(await failure(subject.get(kid))).to.include({ problem: 'bad_key_id' });
    }
    expect(server.requests).to.deep.equal([]);
  });
});
