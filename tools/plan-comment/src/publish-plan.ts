/**
 * Works out, without calling GitHub, how to turn the comments already on a pull request into the
 * rendered parts: which to leave, update, create and delete. Kept pure so every case (growing,
 * shrinking, duplicates, strangers' comments) is decided in one place and in a fixed order.
 */
import { parseMarker } from './marker';
import type { CommentPart } from './types';

/** The fields of an issue comment the planner reads (a subset of GitHub's response). */
export interface ExistingComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user: { readonly login: string } | null;
  readonly created_at: string;
}

export type PublishOperation =
  | { readonly kind: 'unchanged'; readonly part: number; readonly commentId: number }
  | { readonly kind: 'update'; readonly part: number; readonly commentId: number; readonly body: string }
  | { readonly kind: 'create'; readonly part: number; readonly body: string }
  | { readonly kind: 'delete'; readonly part: number; readonly commentId: number; readonly reason: 'surplus' | 'duplicate' };

export interface PlanPublicationProps {
  readonly pullRequest: number;
  readonly parts: readonly CommentPart[];
  readonly existing: readonly ExistingComment[];
  /** Only comments by this login count as ours (case-insensitive, like GitHub logins). */
  readonly author?: string;
}

/** GitHub rejects comment bodies longer than this (characters). */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;

/** Refuses parts that would leave the pull request in a state the next run cannot repair. */
export function validateParts(pullRequest: number, parts: readonly CommentPart[]): void {
  if (parts.length === 0) throw new Error('publishPlanComment: no parts to publish (the renderer always produces at least one)');
  parts.forEach((part, index) => {
    const expected = index + 1;
    if (part.part !== expected) throw new Error(`publishPlanComment: parts must be numbered 1..${parts.length} in order; position ${expected} holds part ${part.part}`);
    if (part.total !== parts.length) throw new Error(`publishPlanComment: part ${part.part} says total ${part.total}, but ${parts.length} parts were given`);
    const marker = parseMarker(part.body);
    // A body without our marker would never be found again: every later run would add a new one.
    if (marker === undefined || marker.pullRequest !== pullRequest || marker.part !== part.part) {
      throw new Error(`publishPlanComment: part ${part.part} does not start with the marker for pull request #${pullRequest} part ${part.part}`);
    }
    if (part.body.length > GITHUB_COMMENT_MAX_CHARS) {
      throw new Error(`publishPlanComment: part ${part.part} is ${part.body.length} characters; GitHub's limit is ${GITHUB_COMMENT_MAX_CHARS}`);
    }
  });
}

function oldestFirst(a: ExistingComment, b: ExistingComment): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id;
}

/** Our comments for this pull request, grouped by part number, oldest first within a part. */
function ownComments(props: PlanPublicationProps): Map<number, ExistingComment[]> {
  const author = props.author?.toLowerCase();
  const byPart = new Map<number, ExistingComment[]>();
  for (const comment of [...props.existing].sort(oldestFirst)) {
    const marker = parseMarker(comment.body);
    if (marker === undefined || marker.pullRequest !== props.pullRequest) continue;
    // Someone else can paste our marker into their own comment; it must not be edited or deleted.
    if (author !== undefined && comment.user?.login.toLowerCase() !== author) continue;
    byPart.set(marker.part, [...(byPart.get(marker.part) ?? []), comment]);
  }
  return byPart;
}

/**
 * The operations, in the order they must run: parts 1..N in order (so created parts appear in
 * order on the pull request), then deletions by comment id. The oldest comment of a part is the
 * one kept; a crashed earlier run may have left newer duplicates.
 */
export function planPublication(props: PlanPublicationProps): readonly PublishOperation[] {
  validateParts(props.pullRequest, props.parts);
  const byPart = ownComments(props);
  const writes: PublishOperation[] = [];
  const deletes: Array<Extract<PublishOperation, { kind: 'delete' }>> = [];
  for (const part of props.parts) {
    const [kept, ...duplicates] = byPart.get(part.part) ?? [];
    if (kept === undefined) writes.push({ kind: 'create', part: part.part, body: part.body });
    else if (kept.body === part.body) writes.push({ kind: 'unchanged', part: part.part, commentId: kept.id });
    else writes.push({ kind: 'update', part: part.part, commentId: kept.id, body: part.body });
    for (const duplicate of duplicates) deletes.push({ kind: 'delete', part: part.part, commentId: duplicate.id, reason: 'duplicate' });
  }
  for (const [partNumber, comments] of byPart) {
    if (partNumber <= props.parts.length) continue;
    for (const comment of comments) deletes.push({ kind: 'delete', part: partNumber, commentId: comment.id, reason: 'surplus' });
  }
  deletes.sort((a, b) => a.commentId - b.commentId);
  return [...writes, ...deletes];
}
