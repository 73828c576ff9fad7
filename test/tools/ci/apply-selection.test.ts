import { expect } from 'chai';
import { MANIFEST } from './fixtures';
import { decideApply, renderDecisionReply } from '../../../tools/ci/src/apply-selection';
import type { PlanStatus } from '../../../tools/ci/src/plan-results';

const SHA = 'a'.repeat(40);

function statuses(entries: Record<string, PlanStatus>): Map<string, PlanStatus> {
  return new Map(Object.entries(entries));
}

const ALL_CHANGED = statuses({ 'platform-dev': 'changes', 'addons-dev': 'changes', 'platform-prod': 'changes', 'addons-prod': 'changes' });

describe('tools/ci apply selection', () => {
  it('`/apply` alone: every stack with changes, one target per environment, platform before add-ons', () => {
    const decision = decideApply({ manifest: MANIFEST, requested: [], statuses: ALL_CHANGED });
    expect(decision).to.deep.equal({
      kind: 'apply',
      targets: [
        { environment: 'dev', stacks: 'platform-dev addons-dev' },
        { environment: 'prod', stacks: 'platform-prod addons-prod' },
      ],
      unchanged: [],
    });
  });

  it('`/apply addons-dev platform-dev`: only the named stacks, in dependency order', () => {
    const decision = decideApply({ manifest: MANIFEST, requested: ['addons-dev', 'platform-dev'], statuses: ALL_CHANGED });
    expect(decision).to.deep.include({ kind: 'apply', targets: [{ environment: 'dev', stacks: 'platform-dev addons-dev' }] });
  });

  it('skips stacks whose plan has no changes, and says so when nothing is left', () => {
    const some = decideApply({ manifest: MANIFEST, requested: ['platform-dev', 'addons-dev'], statuses: statuses({ 'platform-dev': 'no-changes', 'addons-dev': 'changes' }) });
    expect(some).to.deep.equal({ kind: 'apply', targets: [{ environment: 'dev', stacks: 'addons-dev' }], unchanged: ['platform-dev'] });
    const none = decideApply({ manifest: MANIFEST, requested: ['platform-dev'], statuses: statuses({ 'platform-dev': 'no-changes' }) });
    expect(none).to.deep.equal({ kind: 'nothing', unchanged: ['platform-dev'] });
    expect(renderDecisionReply(none, SHA)).to.contain('Nothing to apply').and.contain('`platform-dev`').and.contain('`aaaaaaa`');
  });

  it('refuses bootstrap, even next to other stacks, and explains who applies it', () => {
    const decision = decideApply({ manifest: MANIFEST, requested: ['platform-dev', 'bootstrap'], statuses: ALL_CHANGED });
    expect(decision.kind).to.equal('refuse');
    expect(renderDecisionReply(decision, SHA)).to.contain('`/apply` refused').and.contain('never applied by CI').and.contain('npx projen deploy bootstrap');
  });

  it('refuses unknown stacks, listing the real ones', () => {
    const decision = decideApply({ manifest: MANIFEST, requested: ['platform-staging'], statuses: ALL_CHANGED });
    expect(decision).to.have.property('kind', 'refuse');
    expect(decision).to.have.property('reason').that.contains('`platform-staging`').and.contains('`platform-dev`');
  });

  it('refuses the whole command when a selected plan failed or is missing, applying nothing', () => {
    const failed = decideApply({ manifest: MANIFEST, requested: [], statuses: statuses({ 'platform-dev': 'changes', 'addons-dev': 'failed', 'platform-prod': 'no-changes' }) });
    expect(failed).to.have.property('kind', 'refuse');
    expect(failed).to.have.property('reason').that.contains('`addons-dev` (plan failed)').and.contains('`addons-prod` (not planned)').and.contains('/plan');
  });
});
