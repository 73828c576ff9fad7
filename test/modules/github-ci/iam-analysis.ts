/**
 * Just enough IAM evaluation for the CI policy tests: glob matching of actions and ARNs, and the
 * actions a set of documents effectively allows on one concrete ARN (allows minus explicit denies;
 * conditional allows count as allows, which errs on the safe side).
 */
import type { NamedPolicyDocument } from '../../../modules/github-ci/github-ci-role';
import { globMatches } from '../../policy/glob';

export { globMatches };

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function statementsOf(docs: readonly NamedPolicyDocument[]): Statement[] {
  return docs.flatMap((d) => (JSON.parse(d.document) as { Statement: Statement[] }).Statement);
}


/** Read-only verbs (`Get*`, `List*`, `Describe*`, `BatchGet*`, and AWS Budgets' `ViewBudget`). */
export function isReadAction(action: string): boolean {
  return /^[a-z0-9-]+:(Get|List|Describe|BatchGet)/.test(action) || action === 'budgets:ViewBudget';
}

/**
 * Action patterns allowed on `arn` and not covered by an explicit Deny on `arn`. A deny covers an
 * allowed pattern when the deny's pattern matches the allowed pattern's text (`s3:PutBucket*`
 * covers `s3:PutBucket*` and `s3:PutBucketPolicy`).
 */
export function effectiveActionsOn(statements: readonly Statement[], arn: string): string[] {
  const on = (st: Statement) => list(st.Resource).some((r) => globMatches(r, arn));
  const denied = statements.filter((st) => st.Effect === 'Deny' && on(st)).flatMap((st) => list(st.Action));
  const allowed = statements.filter((st) => st.Effect === 'Allow' && on(st)).flatMap((st) => list(st.Action));
  return [...new Set(allowed.filter((a) => !denied.some((d) => globMatches(d, a, true))))];
}

/** One request to evaluate: the action, the resource ARN, and the request's condition keys. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys of the request (`aws:ResourceTag/Environment`, `iam:PermissionsBoundary`...); absent keys are absent. */
  readonly context?: Readonly<Record<string, string | boolean | readonly string[]>>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

const NEGATED = new Set(['StringNotEquals', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike']);

/** One condition operator on one key, the way IAM evaluates it (single-valued keys, `...IfExists`). */
type RequestContext = Readonly<Record<string, string | boolean | readonly string[]>>;

function conditionHolds(operator: string, key: string, expected: unknown, context: RequestContext): boolean {
  const found = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase());
  if (operator.startsWith('ForAllValues:')) {
    // Every value of a multivalued key satisfies the operator; true when the key is absent (IAM's own rule).
    if (found === undefined) return true;
    const inner = operator.slice('ForAllValues:'.length);
    const values = Array.isArray(found[1]) ? (found[1] as readonly string[]) : [String(found[1])];
    return values.every((value) => conditionHolds(inner, key, expected, { [key]: value }));
  }
  const values = (Array.isArray(expected) ? expected : [expected]).map(String);
  const ifExists = operator.endsWith('IfExists');
  const op = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  if (op === 'Null') return values.includes(found === undefined ? 'true' : 'false');
  if (found === undefined) return ifExists || NEGATED.has(op);
  const actual = String(found[1]);
  switch (op) {
    case 'StringEquals':
    case 'ArnEquals':
    case 'Bool':
      return values.includes(actual);
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return !values.includes(actual);
    case 'StringLike':
    case 'ArnLike':
      return values.some((v) => globMatches(v, actual));
    case 'StringNotLike':
    case 'ArnNotLike':
      return !values.some((v) => globMatches(v, actual));
    default:
      throw new Error(`iam-analysis: condition operator ${operator} is not modelled; add it`);
  }
}

function applies(st: Statement & { NotResource?: string | string[] }, request: IamRequest): boolean {
  if (!list(st.Action).some((a) => globMatches(a, request.action, true))) return false;
  const matches = (patterns: string | string[] | undefined) => list(patterns).some((r) => globMatches(r, request.resource));
  const onResource = st.NotResource !== undefined ? !matches(st.NotResource) : matches(st.Resource);
  if (!onResource) return false;
  const context = request.context ?? {};
  return Object.entries(st.Condition ?? {}).every(([operator, entries]) =>
    Object.entries(entries).every(([key, expected]) => conditionHolds(operator, key, expected, context)),
  );
}

/** What IAM decides for `request` under `statements` (one principal's identity policies). */
export function decide(statements: readonly Statement[], request: IamRequest): Decision {
  const matching = statements.filter((st) => applies(st, request));
  if (matching.some((st) => st.Effect === 'Deny')) return 'explicit-deny';
  return matching.some((st) => st.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}
