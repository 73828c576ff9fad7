/**
 * Test support: does an IAM role trust policy let a GitHub Actions OIDC token assume the role?
 * A small evaluator of the part of IAM's policy language trust policies for web identities use,
 * with IAM's semantics: a statement applies when its action, principal and every condition
 * operator match (operators AND, keys within one AND, values of one key OR); an explicit Deny
 * wins over any Allow. `StringLike` globs: `*` is any run of characters (`/` and `:` included),
 * `?` exactly one; values compare case-sensitively, condition keys case-insensitively.
 *
 * Anything it does not model (another operator, `IfExists`, set operators, policy variables,
 * NotAction/NotPrincipal, a condition key other than the token's `sub` and `aud`) throws instead of
 * guessing: a security test must not pass because its model ignored a clause.
 */

/** The issuer host GitHub's OIDC condition keys start with. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** The audience configure-aws-credentials asks GitHub for (its default). */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** The claims a token carries that a trust policy can test. */
export interface TokenClaims {
  readonly sub: string;
  readonly aud: string;
}

type Condition = Record<string, Record<string, string | string[]>>;

interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly Principal?: '*' | Record<string, string | string[]>;
  readonly Condition?: Condition;
  readonly [other: string]: unknown;
}

const SUPPORTED_OPERATORS = new Set(['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike']);

/** IAM's `StringLike`: `*` any run of characters, `?` one character, everything else literal. */
export function iamGlobMatch(pattern: string, value: string): boolean {
  if (pattern.includes('${')) throw new Error(`policy variables are not modelled: ${pattern}`);
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${regex}$`).test(value);
}

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The claim a condition key names; throws on keys the model does not know. */
function claimFor(key: string, claims: TokenClaims): string {
  const lower = key.toLowerCase();
  if (lower === `${GITHUB_OIDC_HOST}:sub`) return claims.sub;
  if (lower === `${GITHUB_OIDC_HOST}:aud`) return claims.aud;
  throw new Error(`condition key ${key} is not modelled (only ${GITHUB_OIDC_HOST}:sub and :aud)`);
}

function operatorMatches(operator: string, block: Record<string, string | string[]>, claims: TokenClaims): boolean {
  if (!SUPPORTED_OPERATORS.has(operator)) throw new Error(`condition operator ${operator} is not modelled`);
  const like = operator.endsWith('Like');
  const negated = operator.includes('Not');
  return Object.entries(block).every(([key, values]) => {
    const claim = claimFor(key, claims);
    const any = list(values).some((v) => (like ? iamGlobMatch(v, claim) : v === claim));
    return negated ? !any : any;
  });
}

function actionMatches(statement: Statement): boolean {
  if (statement.NotAction !== undefined) throw new Error('NotAction is not modelled');
  return list(statement.Action).some((a) => iamGlobMatch(a.toLowerCase(), 'sts:assumerolewithwebidentity'));
}

/**
 * The statement's principal admits tokens of GitHub's OIDC provider: the provider's ARN
 * (`...:oidc-provider/token.actions.githubusercontent.com`), a Terraform reference to an
 * `aws_iam_openid_connect_provider` (as synthesized), or `*`.
 */
function principalMatches(statement: Statement): boolean {
  if (statement.NotPrincipal !== undefined) throw new Error('NotPrincipal is not modelled');
  const principal = statement.Principal;
  if (principal === '*') return true;
  if (principal === undefined) return false;
  return list(principal.Federated).some(
    (p) => p === '*' || p.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`) || /^\$\{aws_iam_openid_connect_provider\.[^}]+\.arn\}$/.test(p),
  );
}

function statementApplies(statement: Statement, claims: TokenClaims): boolean {
  if (!actionMatches(statement) || !principalMatches(statement)) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, block]) => operatorMatches(operator, block, claims));
}

/** Does `policy` (the role's assume_role_policy, JSON text or parsed) let a token with `claims` in? */
export function trustPolicyAllows(policy: string | object, claims: TokenClaims): boolean {
  const document = (typeof policy === 'string' ? JSON.parse(policy) : policy) as { Statement: Statement | Statement[] };
  const statements = list(document.Statement);
  const applying = statements.filter((s) => statementApplies(s, claims));
  return applying.some((s) => s.Effect === 'Allow') && !applying.some((s) => s.Effect === 'Deny');
}

/** Does the policy name GitHub's OIDC provider at all (a role GitHub Actions may assume)? */
export function trustsGithubOidc(policy: string | object): boolean {
  const document = (typeof policy === 'string' ? JSON.parse(policy) : policy) as { Statement: Statement | Statement[] };
  return list(document.Statement).some((s) => s.Effect === 'Allow' && principalMatches(s) && actionMatches(s));
}
