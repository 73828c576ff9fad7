/**
 * What a pull request's reviews add up to, the way GitHub counts them: each reviewer's latest
 * deciding review wins (a later comment-only review does not undo an approval; a dismissal does).
 */

/** The fields of a pull-request review the verdict reads (a subset of GitHub's response). */
export interface ReviewLike {
  readonly user: { readonly login: string } | null;
  readonly state: string;
  readonly author_association: string;
}

export interface ReviewVerdict {
  /** Reviewers whose latest deciding review approves, and who are collaborators. */
  readonly approvedBy: readonly string[];
  /** Reviewers whose latest deciding review approves but whose approval does not count. */
  readonly approvalsNotCounted: readonly string[];
  /** Reviewers whose latest deciding review requests changes. */
  readonly changesRequestedBy: readonly string[];
}

/** States that replace a reviewer's earlier decision; COMMENTED and PENDING do not. */
const DECIDING = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/**
 * Associations whose approval counts. On a public repository anyone can leave an "approving"
 * review; like branch protection, only people with a stake in the repository count.
 */
const COUNTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

/** `reviews` in chronological order, as GitHub lists them. */
export function reviewVerdict(reviews: readonly ReviewLike[]): ReviewVerdict {
  const latest = new Map<string, ReviewLike>();
  for (const review of reviews) {
    if (review.user === null || !DECIDING.has(review.state)) continue;
    latest.set(review.user.login, review);
  }
  const decided = [...latest.entries()].sort(([a], [b]) => a.localeCompare(b));
  const approvals = decided.filter(([, review]) => review.state === 'APPROVED');
  return {
    approvedBy: approvals.filter(([, review]) => COUNTED_ASSOCIATIONS.has(review.author_association)).map(([login]) => login),
    approvalsNotCounted: approvals.filter(([, review]) => !COUNTED_ASSOCIATIONS.has(review.author_association)).map(([login]) => login),
    changesRequestedBy: decided.filter(([, review]) => review.state === 'CHANGES_REQUESTED').map(([login]) => login),
  };
}

/** Why the reviews do not allow an apply; empty when they do. */
export function reviewRefusals(verdict: ReviewVerdict): readonly string[] {
  const reasons: string[] = [];
  if (verdict.changesRequestedBy.length > 0) reasons.push(`changes requested by ${verdict.changesRequestedBy.map((l) => `@${l}`).join(', ')}`);
  if (verdict.approvedBy.length === 0) {
    const ignored = verdict.approvalsNotCounted.length > 0
      ? ` (approval by ${verdict.approvalsNotCounted.map((l) => `@${l}`).join(', ')} does not count: not a collaborator)`
      : '';
    reasons.push(`not approved: needs an approving review from a collaborator${ignored}`);
  }
  return reasons;
}
