import { expect } from 'chai';
import { applySucceeded, renderApplyReport } from '../../../tools/ci/src/apply-report';
import { driftStatus, renderDriftReport } from '../../../tools/ci/src/drift-report';
import type { PlanStatus } from '../../../tools/ci/src/plan-results';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('tools/ci reports', () => {
  describe('apply report', () => {
    const targets = [{ environment: 'dev', stacks: 'platform-dev addons-dev' }, { environment: 'prod', stacks: 'platform-prod' }];

    it('lists every stack of every environment, and calls it applied only when all were', () => {
      const results = [
        { environment: 'dev', stacks: [{ stack: 'platform-dev', outcome: 'applied' as const }, { stack: 'addons-dev', outcome: 'applied' as const }] },
        { environment: 'prod', stacks: [{ stack: 'platform-prod', outcome: 'applied' as const }] },
      ];
      const text = renderApplyReport({ sha: SHA, targets, results, runUrl: 'https://github.com/o/r/actions/runs/1' });
      expect(applySucceeded({ sha: SHA, targets, results })).to.equal(true);
      expect(text).to.contain(':rocket: Applied `0123456`').and.contain('| dev | `addons-dev` | :white_check_mark: applied |');
      expect(text).to.contain('[Workflow run](https://github.com/o/r/actions/runs/1)');
    });

    it('an environment without a result (rejected or cancelled) is reported as such, never as applied', () => {
      const results = [{ environment: 'dev', stacks: [{ stack: 'platform-dev', outcome: 'applied' as const }, { stack: 'addons-dev', outcome: 'applied' as const }] }];
      const text = renderApplyReport({ sha: SHA, targets, results });
      expect(applySucceeded({ sha: SHA, targets, results })).to.equal(false);
      expect(text).to.contain(':x: Apply did not complete').and.contain('| prod | `platform-prod` | :grey_question: no result');
    });

    it('shows a stale plan with what to do next', () => {
      const results = [{ environment: 'prod', stacks: [{ stack: 'platform-prod', outcome: 'stale-plan' as const, detail: 'comment /plan' }] }];
      expect(renderApplyReport({ sha: SHA, targets: [targets[1]], results })).to.contain(':warning: stale plan, nothing applied (comment /plan)');
    });
  });

  describe('drift report', () => {
    const of = (entries: Record<string, PlanStatus>) => new Map(Object.entries(entries));

    it('exit 2 anywhere is drift, all 0 is clean, a failed or missing plan is an error (and wins)', () => {
      expect(driftStatus(of({ 'platform-dev': 'changes', 'addons-dev': 'no-changes' }))).to.equal('drift');
      expect(driftStatus(of({ 'platform-dev': 'no-changes', 'addons-dev': 'no-changes' }))).to.equal('clean');
      expect(driftStatus(of({ 'platform-dev': 'changes', 'addons-dev': 'failed' }))).to.equal('error');
      expect(driftStatus(of({ 'platform-dev': 'missing' }))).to.equal('error');
      expect(driftStatus(of({}))).to.equal('error');
    });

    it('renders a verdict per stack, the masked summary and the run link', () => {
      const text = renderDriftReport({ environment: 'dev', statuses: of({ 'platform-dev': 'changes', 'addons-dev': 'no-changes' }), summary: '| stack | add |\n', runUrl: 'https://x/run' });
      expect(text).to.contain('differs from the default branch').and.contain('| `platform-dev` | :warning: drift').and.contain('| stack | add |').and.contain('[Workflow run](https://x/run)');
    });
  });
});
