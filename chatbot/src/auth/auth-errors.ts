/**
 * Why a request's sign-in could not be accepted. {@link InvalidToken} is the client's side (a
 * 401: missing, forged, expired...); {@link SigningKeyUnavailable} is ours (a 503: the ALB's key
 * server could not be asked), so a key-server outage is not reported to users as a bad sign-in.
 */

export type TokenProblem =
  | 'missing'
  | 'malformed'
  | 'wrong_algorithm'
  | 'wrong_signer'
  | 'bad_key_id'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_client'
  | 'no_subject';

/** The token cannot be trusted; `problem` goes to the log, the message to the client. */
export class InvalidToken extends Error {
  constructor(readonly problem: TokenProblem, message: string) {
    super(message);
    this.name = 'InvalidToken';
  }
}

/** The ALB's public key could not be fetched (key server down, slow, or answering garbage). */
export class SigningKeyUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningKeyUnavailable';
  }
}
