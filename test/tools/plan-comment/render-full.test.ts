import { expect } from 'chai';
import { structureProblems } from './markdown-structure';
import { sampleInput } from './sample-input';
import type { TerraformPlan } from '../../../tools/plan-comment/src/plan-json';
import { renderFullPlanMarkdown, renderPlanComment } from '../../../tools/plan-comment/src/render';

describe('tools/plan-comment renderFullPlanMarkdown', () => {
  it('holds the whole plan in one document: every change, every diff, no marker, no split', () => {
    const input = sampleInput();
    const full = renderFullPlanMarkdown(input);
    expect(full).to.match(/^## Terraform plan: /);
    expect(full).not.to.include('<!--');
    for (const stack of input.stacks) {
      for (const change of stack.plan?.resource_changes ?? []) {
        if (change.change.actions.join() !== 'no-op' || change.previous_address || change.change.importing) expect(full, change.address).to.include(change.address);
      }
    }
    expect(full).to.include('! scaling_config[0].desired_size = 2 -> 3');
    expect(structureProblems(full, { marker: false })).to.deep.equal([]);
  });

  it('cuts nothing that the comment cuts: long values, long lists, many warnings', () => {
    const value = 'v'.repeat(5_000);
    const plan: TerraformPlan = {
      format_version: '1.2',
      planned_values: {},
      resource_changes: [{ address: 'aws_s3_bucket.big', mode: 'managed', type: 'aws_s3_bucket', name: 'big', change: { actions: ['create'], before: null, after: { policy: value } } }],
    };
    const input = { ...sampleInput(), stacks: [{ stack: 'platform-dev', plan }] };
    expect(renderFullPlanMarkdown(input)).to.include(`+ policy = "${value}"`);
    expect(renderPlanComment(input).parts[0].body).to.include('… (4002 more characters)');
  });

  it('validates its options like the comment does', () => {
    expect(() => renderFullPlanMarkdown(sampleInput(), { extraMasks: [42] as unknown as RegExp[] })).to.throw(/renderFullPlanMarkdown: extraMasks must be an array/);
  });
});
