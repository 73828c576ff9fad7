import { expect } from 'chai';
import { commentMarker } from '../../../tools/plan-comment/src/marker';
import { planPublication, type ExistingComment } from '../../../tools/plan-comment/src/publish-plan';
import type { CommentPart } from '../../../tools/plan-comment/src/types';

const PR = 12;
const part = (n: number, total: number, text = `part ${n}`): CommentPart => ({ part: n, total, body: `${commentMarker(PR, n)}\n${text}` });
const comment = (id: number, body: string, login = 'github-actions[bot]', createdAt = `2025-01-01T00:00:${String(id % 60).padStart(2, '0')}Z`): ExistingComment =>
  ({ id, body, user: { login }, created_at: createdAt });

describe('planPublication', () => {
  it('matches the author case-insensitively, like GitHub logins', () => {
    const operations = planPublication({ pullRequest: PR, parts: [part(1, 1)], existing: [comment(5, part(1, 1).body, 'GitHub-Actions[bot]')], author: 'github-actions[bot]' });
    expect(operations).to.deep.equal([{ kind: 'unchanged', part: 1, commentId: 5 }]);
  });

  it('without an author, treats any comment with the marker as ours', () => {
    const operations = planPublication({ pullRequest: PR, parts: [part(1, 1, 'new')], existing: [comment(5, part(1, 1).body, 'someone')] });
    expect(operations.map((o) => o.kind)).to.deep.equal(['update']);
  });

  it('keeps the oldest by creation time, whatever order GitHub lists them in', () => {
    const body = part(1, 1).body;
    const operations = planPublication({
      pullRequest: PR,
      parts: [part(1, 1)],
      existing: [comment(30, body, undefined, '2025-01-01T00:00:30Z'), comment(20, body, undefined, '2025-01-01T00:00:20Z')],
    });
    expect(operations).to.deep.equal([{ kind: 'unchanged', part: 1, commentId: 20 }, { kind: 'delete', part: 1, commentId: 30, reason: 'duplicate' }]);
  });

  it('ignores a marker that is not at the very start of the body', () => {
    const operations = planPublication({ pullRequest: PR, parts: [part(1, 1)], existing: [comment(5, `quoted:\n${part(1, 1).body}`)] });
    expect(operations.map((o) => o.kind)).to.deep.equal(['create']);
  });

  it('rejects parts that are out of order, miscounted or empty', () => {
    expect(() => planPublication({ pullRequest: PR, parts: [], existing: [] })).to.throw('no parts to publish');
    expect(() => planPublication({ pullRequest: PR, parts: [part(2, 2), part(1, 2)], existing: [] })).to.throw('position 1 holds part 2');
    expect(() => planPublication({ pullRequest: PR, parts: [part(1, 3)], existing: [] })).to.throw('part 1 says total 3, but 1 parts were given');
    expect(() => planPublication({ pullRequest: PR + 1, parts: [part(1, 1)], existing: [] })).to.throw('does not start with the marker for pull request #13 part 1');
  });
});
