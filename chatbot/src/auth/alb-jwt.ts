/**
 * Verifies the JWT an Application Load Balancer puts in `x-amzn-oidc-data` after signing a user
 * in, and returns the user it names. Nothing in the token is believed before its signature is
 * checked, except the three header fields needed to find the key: `alg` must be ES256 (no
 * `none`, no HMAC made with a public key), `signer` must be our ALB's ARN (alb-signer.ts), and
 * `kid` must look like a key id before it goes into the key server's URL.
 *
 * What the ALB signs (Elastic Load Balancing guide, "User claims encoding and signature
 * verification"): the header carries `alg`, `kid`, `signer`, `iss` (the IdP), `client` (the app
 * client id) and `exp`; the payload is the IdP's user-info answer (`sub`, `email`, `name`, ...),
 * which need not hold `exp` or `iss` at all. So expiry, issuer and client are read from the
 * signed header; a payload `exp`/`iss`, when present, must agree too.
 *
 * ALB quirk: its segments are base64url *with* `=` padding, which RFC 7515 forbids and many JWT
 * libraries reject; the padding is accepted here, and the signature is checked over the segments
 * exactly as received (stripping the padding first would break every signature). The signature
 * is JOSE's raw 64-byte r||s, not DER.
 */
import { KeyObject, verify as verifySignature } from 'node:crypto';
import { AlbSigner, signerMatches } from './alb-signer';
import { InvalidToken } from './auth-errors';
import type { SignedInUser } from './signed-in-user';

/** Options of {@link AlbJwtVerifier}. */
export interface AlbJwtVerifierOptions {
  /** The ALB whose ARN the header's `signer` must be. */
  readonly signer: AlbSigner;
  /** The `iss` the token must carry. @default not checked */
  readonly issuer?: string;
  /** The `client` (IdP app client id) the token must carry. @default not checked */
  readonly clientId?: string;
  /** Seconds of clock difference tolerated on `exp` and `nbf`. */
  readonly leewaySeconds: number;
  /**
   * The ALB public key with this id (alb-signing-keys.ts); rejects with InvalidToken
   * `unknown_key` when the key server has none, or SigningKeyUnavailable.
   */
  readonly keyFor: (kid: string) => Promise<KeyObject>;
  /** Milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** ALB key ids are UUIDs; letters, digits and hyphens only, so a kid can never add a path. */
export const KEY_ID = /^[A-Za-z0-9-]{1,64}$/;
/** User claims are capped by the ALB at about 11 KB; anything far larger is not from it. */
const MAX_TOKEN_CHARS = 16384;
/** base64url, with the ALB's optional `=` padding. */
const SEGMENT = /^[A-Za-z0-9_-]+={0,2}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export class AlbJwtVerifier {
  private readonly now: () => number;

  constructor(private readonly options: AlbJwtVerifierOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The user the token names; rejects with InvalidToken or SigningKeyUnavailable. */
  async verify(token: string | undefined): Promise<SignedInUser> {
    if (!token) throw new InvalidToken('missing', 'This request carries no sign-in: open the chatbot through its address so that you are asked to sign in');
    if (token.length > MAX_TOKEN_CHARS) throw malformed('it is too long');
    const segments = token.split('.');
    if (segments.length !== 3 || !segments.every((segment) => SEGMENT.test(segment))) throw malformed('it is not three base64url segments');
    const [headerText, payloadText, signatureText] = segments as [string, string, string];
    const header = decodeJson(headerText, 'header');
    // Algorithm and signer first: a token from another ALB (or one naming an algorithm chosen by
    // whoever wrote it) never makes us fetch a key.
    if (header.alg !== 'ES256') throw new InvalidToken('wrong_algorithm', `The sign-in token is signed with ${describe(header.alg)}, not ES256`);
    if (!signerMatches(this.options.signer, header.signer)) throw new InvalidToken('wrong_signer', 'The sign-in token was not signed by this chatbot\'s load balancer');
    const kid = header.kid;
    if (typeof kid !== 'string' || !KEY_ID.test(kid)) throw new InvalidToken('bad_key_id', 'The sign-in token names no valid signing key id');
    const key = await this.options.keyFor(kid);
    const signature = decodeSegment(signatureText);
    const signed = Buffer.from(`${headerText}.${payloadText}`, 'ascii');
    if (signature.length !== 64 || !verifySignature('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)) {
      throw new InvalidToken('bad_signature', 'The sign-in token\'s signature does not match its content');
    }
    // From here on the header and payload are the ALB's own words.
    const payload = decodeJson(payloadText, 'payload');
    this.checkTimes(header, payload);
    this.checkIssuer(header, payload);
    if (this.options.clientId !== undefined && header.client !== this.options.clientId) {
      throw new InvalidToken('wrong_client', 'The sign-in token was issued for another application');
    }
    return userFrom(payload);
  }

  private checkTimes(header: Record<string, unknown>, payload: Record<string, unknown>): void {
    const nowSeconds = this.now() / 1000;
    const leeway = this.options.leewaySeconds;
    // The ALB sets `exp` in the header; claims that carry their own `exp` must hold too.
    if (!isNumber(header.exp)) throw malformed('its header has no expiry (exp)');
    if (payload.exp !== undefined && !isNumber(payload.exp)) throw malformed('its payload expiry (exp) is not a number');
    const expiries = [header.exp, payload.exp].filter(isNumber);
    if (expiries.some((exp) => exp + leeway <= nowSeconds)) throw new InvalidToken('expired', 'The sign-in has expired: reload the page to sign in again');
    if (isNumber(payload.nbf) && payload.nbf - leeway > nowSeconds) throw new InvalidToken('not_yet_valid', 'The sign-in token is not valid yet');
  }

  private checkIssuer(header: Record<string, unknown>, payload: Record<string, unknown>): void {
    const { issuer } = this.options;
    if (issuer === undefined) return;
    // The header's `iss` is the ALB's statement of the IdP; user-info claims rarely carry one.
    if (header.iss !== issuer || (payload.iss !== undefined && payload.iss !== issuer)) {
      throw new InvalidToken('wrong_issuer', 'The sign-in token comes from another identity provider');
    }
  }
}

function userFrom(payload: Record<string, unknown>): SignedInUser {
  const sub = claim(payload.sub, 256);
  if (sub === undefined) throw new InvalidToken('no_subject', 'The sign-in token names no user (sub)');
  const email = claim(payload.email, 320);
  const name = claim(payload.name, 256) ?? claim(payload.preferred_username, 256) ?? claim(payload.username, 256);
  return { sub, ...(email === undefined ? {} : { email }), ...(name === undefined ? {} : { name }) };
}

/** A short printable string claim, or undefined: these reach the page and the logs. */
function claim(value: unknown, maxChars: number): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= maxChars && !CONTROL.test(value) ? value : undefined;
}

function decodeSegment(segment: string): Buffer {
  const unpadded = segment.replace(/=+$/, '');
  // A length of 4n+1 characters cannot come from any byte string.
  if (unpadded.length % 4 === 1) throw malformed('a segment has an impossible length');
  return Buffer.from(unpadded, 'base64url');
}

function decodeJson(segment: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decodeSegment(segment)));
  } catch (err) {
    if (err instanceof InvalidToken) throw err;
    throw malformed(`its ${part} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(`its ${part} is not a JSON object`);
  return value as Record<string, unknown>;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function describe(alg: unknown): string {
  return typeof alg === 'string' && /^[A-Za-z0-9]{1,16}$/.test(alg) ? alg : 'an unknown algorithm';
}

function malformed(why: string): InvalidToken {
  return new InvalidToken('malformed', `The sign-in token is malformed: ${why}`);
}
