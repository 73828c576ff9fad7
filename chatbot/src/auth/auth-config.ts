/**
 * Sign-in settings: who the chatbot believes a request comes from. With `AUTH_MODE=alb` the ALB
 * authenticates users (Cognito or an OIDC IdP) and passes each request on with the user's claims
 * in `x-amzn-oidc-data`, a JWT it signs with ES256; the chatbot verifies that signature against
 * the ALB's public key before it trusts a single claim (middleware/authenticate.ts). Read by
 * config.ts, which passes the environment in.
 */
import { ConfigError, Env, integer, oneOf, optionalString } from '../config-values';
import { ALB_ARN, AlbSigner, isAlbName, partitionOf } from './alb-signer';

/** `none`: no sign-in (local runs, tests); `alb`: the ALB signs users in and the chatbot verifies its JWT. */
export type AuthMode = 'none' | 'alb';

/** Settings of `AUTH_MODE=alb`. */
export interface AlbAuthConfig {
  readonly mode: 'alb';
  /**
   * The ALB whose signature is accepted: AUTH_ALB_ARN (the whole ARN, or its prefix ending in
   * `/<name>/`), or AUTH_ALB_NAME + AUTH_ALB_ACCOUNT + AUTH_ALB_REGION. The JWT header's `signer`
   * must name exactly this ALB.
   */
  readonly signer: AlbSigner;
  /**
   * Where the ALB's public keys are, by key id: `<keyEndpoint>/<kid>` answers a PEM
   * (AUTH_ALB_KEY_ENDPOINT). @default https://public-keys.auth.elb.<region>.amazonaws.com
   */
  readonly keyEndpoint: string;
  /** The `iss` the token must carry (AUTH_ISSUER): the IdP's issuer URL. @default not checked */
  readonly issuer?: string;
  /** The `client` (the IdP app client id the ALB used) the token must carry (AUTH_CLIENT_ID). @default not checked */
  readonly clientId?: string;
  /** Clock difference tolerated on `exp` (AUTH_CLOCK_LEEWAY_SECONDS). @default 30 */
  readonly leewaySeconds: number;
  /**
   * Where sign-out sends the browser once the ALB's session cookie is cleared (AUTH_LOGOUT_URL),
   * e.g. the Cognito hosted UI's `/logout?client_id=...&logout_uri=...`. @default a signed-out page
   */
  readonly logoutUrl?: string;
  /** The ALB's session cookie name (AUTH_SESSION_COOKIE), as in the Ingress's auth-session-cookie. @default AWSELBAuthSessionCookie */
  readonly sessionCookie: string;
}

export type AuthConfig = { readonly mode: 'none' } | AlbAuthConfig;

const COOKIE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const ALB_VARIABLES = [
  'AUTH_ALB_ARN', 'AUTH_ALB_NAME', 'AUTH_ALB_ACCOUNT', 'AUTH_ALB_REGION', 'AUTH_ALB_KEY_ENDPOINT',
  'AUTH_ISSUER', 'AUTH_CLIENT_ID', 'AUTH_LOGOUT_URL', 'AUTH_SESSION_COOKIE', 'AUTH_CLOCK_LEEWAY_SECONDS',
];
const EXAMPLE_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/chatbot/50dc6c495c0c9188';

export function loadAuthConfig(env: Env): AuthConfig {
  const mode = oneOf<AuthMode>(env, 'AUTH_MODE', ['none', 'alb'], 'none');
  if (mode === 'none') {
    // A sign-in setting without the mode is most likely a forgotten AUTH_MODE=alb: refusing to
    // start beats serving an environment meant to be signed-in to anyone.
    const stray = ALB_VARIABLES.find((name) => optionalString(env, name) !== undefined);
    if (stray) throw new ConfigError(stray, 'is set but AUTH_MODE is not alb: set AUTH_MODE=alb to require ALB sign-in, or unset it');
    return { mode };
  }
  const signer = loadSigner(env);
  const sessionCookie = optionalString(env, 'AUTH_SESSION_COOKIE') ?? 'AWSELBAuthSessionCookie';
  if (!COOKIE_NAME.test(sessionCookie)) {
    throw new ConfigError('AUTH_SESSION_COOKIE', `must be a cookie name of letters, digits, _ and - (got ${JSON.stringify(sessionCookie)})`);
  }
  const issuer = optionalString(env, 'AUTH_ISSUER');
  if (issuer !== undefined && !/^https:\/\/\S+$/.test(issuer)) {
    throw new ConfigError('AUTH_ISSUER', `must be the IdP's https issuer URL, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123 (got ${JSON.stringify(issuer)})`);
  }
  return {
    mode,
    signer,
    keyEndpoint: keyEndpoint(env, signer),
    issuer,
    clientId: optionalString(env, 'AUTH_CLIENT_ID'),
    leewaySeconds: integer(env, 'AUTH_CLOCK_LEEWAY_SECONDS', 30, 0, 300),
    logoutUrl: secureUrl(env, 'AUTH_LOGOUT_URL', 'https://auth.example.com/logout?client_id=...&logout_uri=https://chat.example.com/'),
    sessionCookie,
  };
}

/** The exact ARN (or its `/<name>/` prefix), or name + account + region; exactly one of the two. */
function loadSigner(env: Env): AlbSigner {
  const arn = optionalString(env, 'AUTH_ALB_ARN');
  const name = optionalString(env, 'AUTH_ALB_NAME');
  if (arn !== undefined) {
    const other = ['AUTH_ALB_NAME', 'AUTH_ALB_ACCOUNT', 'AUTH_ALB_REGION'].find((variable) => optionalString(env, variable) !== undefined);
    if (other) throw new ConfigError(other, 'is set together with AUTH_ALB_ARN: name the load balancer one way only (the ARN, or AUTH_ALB_NAME + AUTH_ALB_ACCOUNT + AUTH_ALB_REGION)');
    const match = ALB_ARN.exec(arn);
    if (!match || !isAlbName(match[4]!)) {
      throw new ConfigError('AUTH_ALB_ARN', `must be an Application Load Balancer ARN such as ${EXAMPLE_ARN}, or its prefix ending in the name and a slash (…/app/chatbot/) (got ${JSON.stringify(arn)})`);
    }
    const [, partition, region, account, albName, id] = match as unknown as [string, string, string, string, string, string | undefined];
    return { partition, region, account, name: albName, ...(id === undefined ? {} : { id }) };
  }
  if (name === undefined) {
    throw new ConfigError('AUTH_ALB_NAME', `is required when AUTH_MODE=alb (with AUTH_ALB_ACCOUNT and AUTH_ALB_REGION): name the load balancer that signs users in, as the Ingress's alb.ingress.kubernetes.io/load-balancer-name does; or set AUTH_ALB_ARN to its ARN, e.g. ${EXAMPLE_ARN}`);
  }
  if (!isAlbName(name)) {
    throw new ConfigError('AUTH_ALB_NAME', `must be a load balancer name: 1-32 letters, digits and hyphens, not starting or ending with a hyphen nor with "internal-" (got ${JSON.stringify(name)})`);
  }
  const account = optionalString(env, 'AUTH_ALB_ACCOUNT');
  if (account === undefined || !ACCOUNT.test(account)) {
    throw new ConfigError('AUTH_ALB_ACCOUNT', `must be the 12-digit AWS account id of the load balancer AUTH_ALB_NAME names (got ${JSON.stringify(account ?? '')})`);
  }
  const regionVariable = optionalString(env, 'AUTH_ALB_REGION') !== undefined ? 'AUTH_ALB_REGION' : 'AWS_REGION';
  const region = optionalString(env, 'AUTH_ALB_REGION') ?? optionalString(env, 'AWS_REGION') ?? optionalString(env, 'AWS_DEFAULT_REGION');
  if (region === undefined) {
    throw new ConfigError('AUTH_ALB_REGION', 'is required when AUTH_ALB_NAME is set and AWS_REGION is not: the region of the load balancer, e.g. eu-west-1');
  }
  if (!REGION.test(region)) throw new ConfigError(regionVariable, `must be an AWS region such as eu-west-1 (got ${JSON.stringify(region)})`);
  return { partition: partitionOf(region), region, account, name };
}

function keyEndpoint(env: Env, signer: AlbSigner): string {
  const configured = secureUrl(env, 'AUTH_ALB_KEY_ENDPOINT', `https://public-keys.auth.elb.${signer.region}.amazonaws.com`);
  if (configured) {
    // The key id is appended as the last path segment: a query would swallow it.
    if (new URL(configured).search) throw new ConfigError('AUTH_ALB_KEY_ENDPOINT', `must not have a ?query: the key id is appended as /<kid> (got ${JSON.stringify(configured)})`);
    return configured.replace(/\/+$/, '');
  }
  // Other partitions publish the keys elsewhere (GovCloud in an S3 bucket): name it rather than guess.
  if (signer.partition !== 'aws') {
    throw new ConfigError('AUTH_ALB_KEY_ENDPOINT', `is required for an ALB in the ${signer.partition} partition: set it to the ALB public key endpoint the Elastic Load Balancing guide names for ${signer.region} ("User claims encoding and signature verification")`);
  }
  return `https://public-keys.auth.elb.${signer.region}.amazonaws.com`;
}

/**
 * An https URL without a fragment; plain http only to a loopback host (tests, a local proxy):
 * keys fetched over the network in clear text could be swapped by anyone on the path.
 */
function secureUrl(env: Env, name: string, example: string): string | undefined {
  const raw = optionalString(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an https URL such as ${example} (got ${JSON.stringify(raw)})`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(name, `must be an https URL such as ${example} (plain http only to localhost; got ${JSON.stringify(raw)})`);
  }
  if (url.hash || url.username || url.password) throw new ConfigError(name, `must not carry a #fragment or credentials (got ${JSON.stringify(raw)})`);
  return raw;
}
