/**
 * Signs user-claims tokens the way an Application Load Balancer does for `x-amzn-oidc-data`, with
 * a real P-256 key made in the test: ES256 over `header.payload` with the JOSE raw r||s
 * signature, `alg`/`kid`/`signer`/`iss`/`client`/`exp` in the header, the IdP's user-info claims
 * in the payload, and base64url segments *with* `=` padding (the ALB's quirk; the signature is
 * over the padded text).
 */
import { KeyObject, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

export const TEST_ACCOUNT = '111122223333';
export const TEST_REGION = 'eu-west-1';
export const TEST_ALB_NAME = 'chat-dev-chatbot';
export const TEST_ALB_ID = '50dc6c495c0c9188';
export const TEST_ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';
export const TEST_CLIENT_ID = '4fmvht22tjrgd7d3k3tghttct7';

/** The ARN of an ALB (by default the test's). */
export function albArn(options: { name?: string; id?: string; account?: string; region?: string } = {}): string {
  const { name = TEST_ALB_NAME, id = TEST_ALB_ID, account = TEST_ACCOUNT, region = TEST_REGION } = options;
  return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/${name}/${id}`;
}

/** An ALB signing key: its id, the private half (the test signs) and the PEM the key server serves. */
export interface AlbKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicPem: string;
}

export function albKey(kid: string = randomUUID()): AlbKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

export interface MintOptions {
  /** User-info claims. @default a user with sub, email and name */
  readonly claims?: Record<string, unknown>;
  /** Header fields replacing (or, as undefined, removing) the defaults. */
  readonly header?: Record<string, unknown>;
  /** Seconds from now until `exp` (negative: already expired). @default 120 */
  readonly expiresInSeconds?: number;
  /** `=` padding on each segment, as the ALB sends. @default true */
  readonly padded?: boolean;
  /** Sign with this key instead (the header still names `key.kid`). */
  readonly signWith?: KeyObject;
  /** Milliseconds since the epoch. @default Date.now() */
  readonly now?: number;
}

export const TEST_USER = { sub: '23d498b2-3031-70d2-8a15-49dd886a087b', email: 'ada@example.com', name: 'Ada Lovelace', email_verified: 'true', username: 'ada' };

/** A token as the ALB would put in `x-amzn-oidc-data`. */
export function mintAlbToken(key: AlbKey, options: MintOptions = {}): string {
  const now = options.now ?? Date.now();
  const header = withoutUndefined({
    typ: 'JWT',
    kid: key.kid,
    alg: 'ES256',
    iss: TEST_ISSUER,
    client: TEST_CLIENT_ID,
    signer: albArn(),
    exp: Math.floor(now / 1000) + (options.expiresInSeconds ?? 120),
    ...options.header,
  });
  const claims = options.claims ?? TEST_USER;
  const padded = options.padded ?? true;
  const signingInput = `${segment(Buffer.from(JSON.stringify(header)), padded)}.${segment(Buffer.from(JSON.stringify(claims)), padded)}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: options.signWith ?? key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${segment(signature, padded)}`;
}

/** base64url, padded with `=` to a multiple of four when `padded`. */
export function segment(bytes: Buffer, padded: boolean): string {
  const text = bytes.toString('base64url');
  return padded ? text.padEnd(Math.ceil(text.length / 4) * 4, '=') : text;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
