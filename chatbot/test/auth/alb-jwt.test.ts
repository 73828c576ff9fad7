import { generateKeyPairSync, sign } from 'node:crypto';
import { expect } from 'chai';
import { AlbJwtVerifier, AlbJwtVerifierOptions } from '../../src/auth/alb-jwt';
import { AlbSigner } from '../../src/auth/alb-signer';
import { AlbSigningKeys } from '../../src/auth/alb-signing-keys';
import { InvalidToken, SigningKeyUnavailable, TokenProblem } from '../../src/auth/auth-errors';
import { AlbKeyServer } from '../support/alb-key-server';
import {
  AlbKey, TEST_ACCOUNT, TEST_ALB_ID, TEST_ALB_NAME, TEST_CLIENT_ID, TEST_ISSUER, TEST_REGION, TEST_USER, albArn, albKey, mintAlbToken, segment,
} from '../support/alb-tokens';

const BY_NAME: AlbSigner = { partition: 'aws', region: TEST_REGION, account: TEST_ACCOUNT, name: TEST_ALB_NAME };
const EXACT: AlbSigner = { ...BY_NAME, id: TEST_ALB_ID };

describe('AlbJwtVerifier (real ES256 keys, loopback key server)', () => {
  let key: AlbKey;
  let keyServer: AlbKeyServer;

  before(async () => {
    key = albKey();
    keyServer = await AlbKeyServer.start(key);
  });
  after(() => keyServer.close());

  function verifier(options: Partial<AlbJwtVerifierOptions> = {}): AlbJwtVerifier {
    const keys = new AlbSigningKeys({ endpoint: keyServer.url });
    return new AlbJwtVerifier({ signer: BY_NAME, leewaySeconds: 0, keyFor: (kid) => keys.get(kid), ...options });
  }

  async function problem(token: string | undefined, subject = verifier()): Promise<TokenProblem> {
    const err = await subject.verify(token).then(() => undefined, (e: unknown) => e);
    expect(err, 'the token was accepted').to.be.instanceOf(InvalidToken);
    return (err as InvalidToken).problem;
  }

  it('accepts a token the ALB signed, with its = padding, and returns the user', async () => {
    const token = mintAlbToken(key);
    expect(token).to.match(/=\./, 'the test token carries the ALB\'s padding');
    expect(await verifier().verify(token)).to.deep.equal({ sub: TEST_USER.sub, email: TEST_USER.email, name: TEST_USER.name });
  });

  it('accepts an unpadded token too, and checks issuer and client when configured', async () => {
    const subject = verifier({ signer: EXACT, issuer: TEST_ISSUER, clientId: TEST_CLIENT_ID });
    expect((await subject.verify(mintAlbToken(key, { padded: false }))).sub).to.equal(TEST_USER.sub);
    expect(await problem(mintAlbToken(key, { header: { iss: 'https://evil.example.com' } }), subject)).to.equal('wrong_issuer');
    expect(await problem(mintAlbToken(key, { header: { iss: undefined } }), subject)).to.equal('wrong_issuer');
    expect(await problem(mintAlbToken(key, { claims: { ...TEST_USER, iss: 'https://evil.example.com' } }), subject)).to.equal('wrong_issuer');
    expect(await problem(mintAlbToken(key, { header: { client: 'another-app' } }), subject)).to.equal('wrong_client');
  });

  it('uses a Cognito username as the name when there is no name claim', async () => {
    const user = await verifier().verify(mintAlbToken(key, { claims: { sub: 'u-1', username: 'ada' } }));
    expect(user).to.deep.equal({ sub: 'u-1', name: 'ada' });
  });

  it('refuses a missing token', async () => {
    expect(await problem(undefined)).to.equal('missing');
    expect(await problem('')).to.equal('missing');
  });

  it('refuses an expired token (header exp, or the claims\' own exp), within the leeway only', async () => {
    expect(await problem(mintAlbToken(key, { expiresInSeconds: -1 }))).to.equal('expired');
    expect(await problem(mintAlbToken(key, { claims: { ...TEST_USER, exp: Math.floor(Date.now() / 1000) - 5 } }))).to.equal('expired');
    expect((await verifier({ leewaySeconds: 30 }).verify(mintAlbToken(key, { expiresInSeconds: -10 }))).sub).to.equal(TEST_USER.sub);
    expect(await problem(mintAlbToken(key, { header: { exp: undefined } }))).to.equal('malformed');
    expect(await problem(mintAlbToken(key, { header: { exp: '1700000000' } }))).to.equal('malformed');
  });

  it('refuses a token from another load balancer, before fetching any key', async () => {
    const before = keyServer.requests.length;
    for (const signer of [
      albArn({ name: 'other-chatbot' }),
      albArn({ account: '999988887777' }),
      albArn({ region: 'us-east-1' }),
      `${albArn()}0`,
      albArn().replace(TEST_ALB_ID, ''), // the prefix is configuration, never a signer
      albArn().replace('loadbalancer/app/', 'loadbalancer/net/'),
      `arn:aws:elasticloadbalancing:${TEST_REGION}:${TEST_ACCOUNT}:loadbalancer/app/${TEST_ALB_NAME}/${TEST_ALB_ID}/extra`,
      undefined,
    ]) {
      expect(await problem(mintAlbToken(key, { header: { signer } })), String(signer)).to.equal('wrong_signer');
    }
    // Pinned to the exact ARN, another ALB of the same name (re-created: new id) is refused too.
    expect(await problem(mintAlbToken(key, { header: { signer: albArn({ id: '0123456789abcdef' }) } }), verifier({ signer: EXACT }))).to.equal('wrong_signer');
    // By name, a re-created ALB of that name is ours.
    expect((await verifier().verify(mintAlbToken(key, { header: { signer: albArn({ id: '0123456789abcdef' }) } }))).sub).to.equal(TEST_USER.sub);
    expect(keyServer.requests.length).to.equal(before + 1, 'only the accepted tokens fetched a key (once, then cached)');
  });

  it('refuses a tampered payload or header', async () => {
    const [header, payload, signature] = mintAlbToken(key).split('.') as [string, string, string];
    const forgedPayload = segment(Buffer.from(JSON.stringify({ ...TEST_USER, sub: 'admin' })), true);
    expect(await problem(`${header}.${forgedPayload}.${signature}`)).to.equal('bad_signature');
    const realHeader = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
    const forgedHeader = segment(Buffer.from(JSON.stringify({ ...realHeader, exp: (realHeader.exp as number) + 3600 })), true);
    expect(await problem(`${forgedHeader}.${payload}.${signature}`)).to.equal('bad_signature');
    // Stripping the padding changes the signed text: the ALB signed it padded.
    expect(await problem(`${header.replace(/=+$/, '')}.${payload}.${signature}`)).to.equal('bad_signature');
  });

  it('refuses a token signed by another key under the ALB\'s key id', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(await problem(mintAlbToken(key, { signWith: privateKey }))).to.equal('bad_signature');
  });

  it('refuses a DER-encoded signature (JOSE ES256 is raw r||s)', async () => {
    const [header, payload] = mintAlbToken(key).split('.') as [string, string];
    const der = sign('sha256', Buffer.from(`${header}.${payload}`), key.privateKey);
    expect(await problem(`${header}.${payload}.${segment(der, true)}`)).to.equal('bad_signature');
  });

  it('refuses a key id the key server does not know, or one that is no key id', async () => {
    expect(await problem(mintAlbToken(albKey()))).to.equal('unknown_key');
    const before = keyServer.requests.length;
    expect(await problem(mintAlbToken({ ...key, kid: '../../etc/passwd' }))).to.equal('bad_key_id');
    expect(await problem(mintAlbToken({ ...key, kid: 'a?b=c' }))).to.equal('bad_key_id');
    expect(await problem(mintAlbToken(key, { header: { kid: 42 } }))).to.equal('bad_key_id');
    expect(keyServer.requests.length).to.equal(before, 'no bad key id reached a URL');
  });

  it('refuses other algorithms, whatever the signature', async () => {
    for (const alg of ['none', 'HS256', 'RS256', 'ES384', undefined]) {
      expect(await problem(mintAlbToken(key, { header: { alg } })), String(alg)).to.equal('wrong_algorithm');
    }
    const [header, payload] = mintAlbToken(key, { header: { alg: 'none' } }).split('.');
    expect(await problem(`${header}.${payload}.`)).to.equal('malformed');
  });

  it('refuses malformed tokens with a clear problem, never a crash', async () => {
    for (const token of ['abc', 'a.b', 'a.b.c.d', '!!!.e30.e30', 'e30.e30.e30====', `${'a'.repeat(20000)}.e30.e30`, 'bm90IGpzb24.e30.e30', 'W10.e30.e30']) {
      expect(await problem(token), token.slice(0, 40)).to.equal('malformed');
    }
  });

  it('refuses a token naming no user', async () => {
    expect(await problem(mintAlbToken(key, { claims: { email: 'ada@example.com' } }))).to.equal('no_subject');
    expect(await problem(mintAlbToken(key, { claims: { sub: '' } }))).to.equal('no_subject');
  });

  it('drops claims that are not short printable strings', async () => {
    const user = await verifier().verify(mintAlbToken(key, { claims: { sub: 'u-2', email: 'a\nb@example.com', name: 'x'.repeat(300) } }));
    expect(user).to.deep.equal({ sub: 'u-2' });
  });

  it('says when the key server cannot be asked (SigningKeyUnavailable, never accepted)', async () => {
    const down = await AlbKeyServer.start();
    const url = down.url;
    await down.close(); // nothing listens there any more
    const keys = new AlbSigningKeys({ endpoint: url, fetchTimeoutMs: 500 });
    const subject = new AlbJwtVerifier({ signer: BY_NAME, leewaySeconds: 0, keyFor: (kid) => keys.get(kid) });
    const err = await subject.verify(mintAlbToken(key)).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(SigningKeyUnavailable);
  });
});
