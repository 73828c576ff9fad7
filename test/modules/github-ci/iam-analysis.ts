/**
 * Just enough IAM evaluation for the CI policy tests: glob matching of actions and ARNs, and the
 * actions a set of documents effectively allows on one concrete ARN (allows minus explicit denies;
 * conditional allows count as allows, which errs on the safe side).
 */
import type { NamedPolicyDocument } from '../../../modules/github-ci/github-ci-role';

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

/** IAM glob: `*` any run of characters, `?` one character. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** Read-only verbs (`Get*`, `List*`, `Describe*`, `BatchGet*`). */
export function isReadAction(action: string): boolean {
  return /^[a-z0-9-]+:(Get|List|Describe|BatchGet)/.test(action);
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
