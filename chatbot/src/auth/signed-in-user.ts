/**
 * The user a request comes from, as the ALB's verified `x-amzn-oidc-data` JWT names them
 * (middleware/authenticate.ts). Only claims the page and the logs need are kept; the token
 * itself is never stored or logged.
 */
export interface SignedInUser {
  /** The IdP's stable user id (`sub`): the rate-limit key and the access log's user. */
  readonly sub: string;
  /** `email`, when the IdP shares it. */
  readonly email?: string;
  /** `name`, else `preferred_username`, else `username` (Cognito), when present. */
  readonly name?: string;
}
