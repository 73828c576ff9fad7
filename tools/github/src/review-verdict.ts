/**
 * What a pull request's reviews add up to for an apply. Each reviewer's latest deciding review
 * wins, the way GitHub counts them (a later comment-only review does not undo an approval; a
 * dismissal does). An approval then counts only when it is of the head commit (what gets applied
 * is exactly what was approved; GitHub keeps approvals across pushes unless the branch rule
 * dismisses stale ones), from someone who can write to the repository (asked of GitHub by the
 * caller; `author_association` is not trusted), and not from the pull request's author.
 * Every approval that does not count is named with the reason.
 */
import { canWrite, roleOf, type RepositoryPermission } from './repository-permission';

/** The fields of a pull-request review the verdict reads (a subset of GitHub's response). */
export interface ReviewLike {
  readonly user: { readonly login: string } | null;
  readonly state: string;
  /** The commit the review was made on; null on some old reviews. */
  readonly commit_id: string | null;
}

export interface ReviewContext {
  /** The pull request's head SHA now. */
  readonly headSha: string;
  /** The pull request's author. */
  readonly author: string;
}

export interface ReviewVerdict {
  /** Reviewers whose approval counts. */
  readonly approvedBy: readonly string[];
  /** One line per approval that does not count, saying why. */
  readonly ignoredApprovals: readonly string[];
  /** Reviewers whose latest deciding review requests changes. */
  readonly changesRequestedBy: readonly string[];
}

/** States that replace a reviewer's earlier decision; COMMENTED and PENDING do not. */
const DECIDING = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

const short = (sha: string): string => sha.slice(0, 7);
const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Each reviewer's latest deciding review, by login in alphabetical order; `reviews` oldest first, as GitHub lists them. */
export function latestDecisions(reviews: readonly ReviewLike[]): ReadonlyArray<readonly [string, ReviewLike]> {
  const latest = new Map<string, ReviewLike>();
  for (const review of reviews) {
    if (review.user === null || !DECIDING.has(review.state)) continue;
    latest.set(review.user.login, review);
  }
  return [...latest.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Why an approval does not count before anyone's permission is asked; undefined when it might. */
function approvalProblem(login: string, review: ReviewLike, context: ReviewContext): string | undefined {
  if (sameLogin(login, context.author)) return `@${login}'s approval does not count: the author of a pull request cannot approve it`;
  if (review.commit_id !== context.headSha) {
    return `@${login}'s approval is stale: approved ${review.commit_id === null ? 'an unknown commit' : short(review.commit_id)}, head is ${short(context.headSha)}`;
  }
  return undefined;
}

/** Reviewers whose approval counts if they can write: the permission look-ups the verdict needs. */
export function approversToCheck(reviews: readonly ReviewLike[], context: ReviewContext): readonly string[] {
  return latestDecisions(reviews)
    .filter(([login, review]) => review.state === 'APPROVED' && approvalProblem(login, review, context) === undefined)
    .map(([login]) => login);
}

/**
 * The verdict. `permissions` has an entry for every login {@link approversToCheck} returned:
 * their access, or undefined for someone who is not a collaborator.
 */
export function reviewVerdict(
  reviews: readonly ReviewLike[],
  context: ReviewContext & { readonly repository: string; readonly permissions: ReadonlyMap<string, RepositoryPermission | undefined> },
): ReviewVerdict {
  const decided = latestDecisions(reviews);
  const approvedBy: string[] = [];
  const ignoredApprovals: string[] = [];
  for (const [login, review] of decided.filter(([, r]) => r.state === 'APPROVED')) {
    const problem = approvalProblem(login, review, context);
    if (problem !== undefined) {
      ignoredApprovals.push(problem);
      continue;
    }
    if (!context.permissions.has(login)) throw new Error(`reviewVerdict: the permission of @${login} was not looked up`);
    const access = context.permissions.get(login);
    if (access === undefined) ignoredApprovals.push(`@${login}'s approval does not count: not a collaborator on ${context.repository}`);
    else if (!canWrite(access)) ignoredApprovals.push(`@${login}'s approval does not count: @${login} has ${roleOf(access)} permission`);
    else approvedBy.push(login);
  }
  return {
    approvedBy,
    ignoredApprovals,
    changesRequestedBy: decided.filter(([, review]) => review.state === 'CHANGES_REQUESTED').map(([login]) => login),
  };
}

/** Why the reviews do not allow an apply; empty when they do. The ignored approvals are listed apart. */
export function reviewRefusals(verdict: ReviewVerdict, headSha: string): readonly string[] {
  const reasons: string[] = [];
  if (verdict.changesRequestedBy.length > 0) reasons.push(`changes requested by ${verdict.changesRequestedBy.map((l) => `@${l}`).join(', ')}`);
  if (verdict.approvedBy.length === 0) {
    reasons.push(`not approved: needs an approval of the head ${short(headSha)} by someone with write, maintain or admin access`);
  }
  return reasons;
}
