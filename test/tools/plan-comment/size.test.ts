import { expect } from 'chai';
import { generateRenderInput } from './generate-plan';
import { structureProblems } from './markdown-structure';
import { sampleInput } from './sample-input';
import { countedSize } from '../../../tools/plan-comment/src/comment-block';
import { parseMarker } from '../../../tools/plan-comment/src/marker';
import type { PlanResourceChange, TerraformPlan } from '../../../tools/plan-comment/src/plan-json';
import { renderPlanComment } from '../../../tools/plan-comment/src/render';
import type { RenderedComment, RenderInput } from '../../../tools/plan-comment/src/types';

const GITHUB_LIMIT = 65_536;

/** The invariants every rendering must keep. */
function expectWellFormed(rendered: RenderedComment, pullRequest: number, maxBodyChars = GITHUB_LIMIT, maxParts = 10): void {
  const total = rendered.parts.length;
  expect(total).to.be.within(1, maxParts);
  rendered.parts.forEach((part, index) => {
    expect(part.part, 'parts numbered in order').to.equal(index + 1);
    expect(part.total, 'same total everywhere').to.equal(total);
    expect(parseMarker(part.body), 'marker first').to.deep.equal({ pullRequest, part: index + 1 });
    expect(part.body.length, `part ${part.part} length`).to.be.at.most(maxBodyChars);
    expect(countedSize(part.body), `part ${part.part} counted size`).to.be.at.most(maxBodyChars);
    if (index > 0) expect(part.body.split('\n')[1]).to.match(new RegExp(`^\\*\\*Terraform plan, part ${index + 1} of ${total}\\*\\*`));
  });
  const part1 = rendered.parts[0].body;
  expect(part1, 'summary table in part 1').to.include('| stack | result | add | change | destroy | replace | import | move | no-op |');
  expect(part1, 'totals row in part 1').to.include('| **total** |');
  expect(part1, 'warnings in part 1').to.match(/### ⚠️ Destroyed, replaced or failed \(\d+\)|✅ Nothing is destroyed or replaced\./);
  if (total > 1) expect(part1).to.include(`part 1 of ${total}`);
  expect(part1.includes('> This plan is too large for'), `notice iff degraded (${rendered.detailLevel})`).to.equal(rendered.detailLevel !== 'full');
}

describe('tools/plan-comment size limits and splitting', () => {
  for (const changes of [1, 100, 10_000, 50_000]) {
    it(`renders ${changes.toLocaleString('en')} generated changes within the limits, deterministically`, () => {
      const input = generateRenderInput({ changes, seed: changes });
      const rendered = renderPlanComment(input);
      expectWellFormed(rendered, input.pullRequest);
      expect(renderPlanComment(input)).to.deep.equal(rendered);
      if (changes >= 10_000) expect(rendered.detailLevel).to.equal('addresses-only');
      for (const part of rendered.parts) expect(structureProblems(part.body), `part ${part.part}`).to.deep.equal([]);
    });
  }

  it('drops the attribute diffs of the largest resources first when detail does not fit maxParts', () => {
    const input = generateRenderInput({ changes: 2_000, seed: 2_000 });
    const rendered = renderPlanComment(input);
    expectWellFormed(rendered, input.pullRequest);
    expect(rendered.detailLevel).to.equal('attributes-dropped');
    expect(rendered.parts).to.have.length(10);
    expect(rendered.parts[0].body).to.match(/the attribute diffs of the \d+ largest resource change\(s\) are left out\. See the \[full plan \(workflow artifact\)\]\(https:/);
    expect(rendered.parts.some((part) => part.body.includes('— attribute diff left out to fit; see the full plan'))).to.equal(true);
  });

  it('lists addresses only, then counts what still does not fit, within maxParts', () => {
    const input = generateRenderInput({ changes: 50_000, seed: 5 });
    const rendered = renderPlanComment(input, { maxParts: 3 });
    expectWellFormed(rendered, input.pullRequest, GITHUB_LIMIT, 3);
    expect(rendered.detailLevel).to.equal('addresses-only');
    expect(rendered.parts[0].body).to.match(/resources are listed by address only, without attribute diffs, and \d+ address\(es\) did not fit even so/);
    expect(rendered.parts[2].body).to.match(/\*\*… and \d+ more resource address\(es\)( and \d+ other item\(s\))? that did not fit; see the \[full plan/);
  });

  it('splits between resources into numbered parts, each reopening its stack', () => {
    const input = sampleInput();
    const rendered = renderPlanComment(input, { maxBodyChars: 4_096 });
    expectWellFormed(rendered, 42, 4_096);
    expect(rendered.detailLevel).to.equal('full');
    expect(rendered.parts.length).to.be.greaterThan(2);
    expect(rendered.parts.slice(1).some((part) => part.body.includes('### `platform-dev` (continued)'))).to.equal(true);
    // Every <details> opened in a part is closed in the same part.
    for (const part of rendered.parts) expect(structureProblems(part.body), `part ${part.part}`).to.deep.equal([]);
  });

  it('cuts a single huge resource to fit one part, saying how many lines were left out', () => {
    const tags = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`key-${i}`, `value-${i}-${'x'.repeat(20)}`]));
    const huge: PlanResourceChange = {
      address: 'aws_s3_bucket.huge',
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'huge',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after: { tags, policy: 'p'.repeat(200_000) }, after_unknown: {}, before_sensitive: false, after_sensitive: {} },
    };
    const plan: TerraformPlan = { format_version: '1.2', planned_values: {}, resource_changes: [huge] };
    const rendered = renderPlanComment({ ...sampleInput(), stacks: [{ stack: 'platform-dev', plan, exitCode: 2 }] });
    expectWellFormed(rendered, 42);
    const text = rendered.parts.map((part) => part.body).join('\n');
    expect(text).to.match(/# … \d+ more attribute line\(s\) left out to fit the comment; see the full plan/);
    expect(text).to.match(/\+ policy = "p{999}… \(199002 more characters\)\n/);
  });

  it('cuts an overlong warnings list, keeping the summary and pointing to the full plan', () => {
    const deletes: PlanResourceChange[] = Array.from({ length: 5_000 }, (_, i) => ({
      address: `module.legacy.aws_iam_role_policy_attachment.attachment_with_a_long_generated_name_${i}`,
      mode: 'managed',
      type: 'aws_iam_role_policy_attachment',
      name: 'a',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      action_reason: 'delete_because_no_module',
      change: { actions: ['delete'], before: { id: `a-${i}` }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
    }));
    const input: RenderInput = { ...sampleInput(), stacks: [{ stack: 'platform-dev', plan: { format_version: '1.2', planned_values: {}, resource_changes: deletes } }] };
    const rendered = renderPlanComment(input);
    expectWellFormed(rendered, 42);
    expect(rendered.parts[0].body).to.include('### ⚠️ Destroyed, replaced or failed (5000)');
    expect(rendered.parts[0].body).to.match(/- … and \d+ more; see the \[full plan \(workflow artifact\)\]/);
    expect(rendered.summary.length).to.be.greaterThan(rendered.parts[0].body.length); // the job summary lists more
  });
});
