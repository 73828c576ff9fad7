import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { allBodies, SAMPLE_DIR, sampleInput } from './sample-input';
import { changeKind, isReplacement } from '../../../tools/plan-comment/src/change-kind';
import { parseMarker } from '../../../tools/plan-comment/src/marker';
import type { TerraformPlan } from '../../../tools/plan-comment/src/plan-json';
import { renderPlanComment } from '../../../tools/plan-comment/src/render';

describe('tools/plan-comment renderPlanComment: header, summary table and warnings', () => {
  const rendered = renderPlanComment(sampleInput());
  const part1 = rendered.parts[0].body;

  it('opens part 1 with the marker, then a headline with failures and totals', () => {
    expect(parseMarker(part1)).to.deep.equal({ pullRequest: 42, part: 1 });
    expect(part1.split('\n')[1]).to.equal('## Terraform plan: ❌ 1 of 3 stack(s) failed · 3 to add, 3 to change, 2 to destroy, 3 to replace, 2 to import, 1 moved');
  });

  it('names the short commit (linked), the repository and the artifact', () => {
    expect(part1).to.include('Commit [`3f2c1a9`](https://github.com/acme/ai-chatbot-platform/commit/3f2c1a9b8e7d6c5b4a3928171605f4e3d2c1b0a9) in `acme/ai-chatbot-platform`');
    expect(part1).to.include('[full plan (workflow artifact)](https://github.com/acme/ai-chatbot-platform/actions/runs/123456789)');
  });

  it('links commits on a GitHub Enterprise server when serverUrl is given', () => {
    const body = renderPlanComment({ ...sampleInput(), serverUrl: 'https://ghe.example.com/' }).parts[0].body;
    expect(body).to.include('(https://ghe.example.com/acme/ai-chatbot-platform/commit/3f2c1a9b8e7d6c5b4a3928171605f4e3d2c1b0a9)');
  });

  it('has one summary row per stack with exclusive counts, and a totals row', () => {
    expect(part1).to.include('| stack | result | add | change | destroy | replace | import | move | no-op |');
    expect(part1).to.include('| `addons-dev` | ❌ failed | – | – | – | – | – | – | – |');
    expect(part1).to.include('| `bootstrap` | no changes | 0 | 0 | 0 | 0 | 0 | 0 | 2 |');
    expect(part1).to.include('| `platform-dev` | ⚠️ destructive | 3 | 3 | 2 | 3 | 2 | 1 | 3 |');
    expect(part1).to.include('| **total** | 1 failed | 3 | 3 | 2 | 3 | 2 | 1 | 5 |');
  });

  it('lists the failed stack and every delete and replacement of the plan in the warnings, with reasons', () => {
    const plan = JSON.parse(readFileSync(join(SAMPLE_DIR, 'platform-dev.json'), 'utf8')) as TerraformPlan;
    const destructive = (plan.resource_changes ?? []).filter((c) => {
      const kind = changeKind(c.change.actions);
      return kind === 'delete' || isReplacement(kind);
    });
    expect(destructive).to.have.length(5);
    const warnings = part1.slice(part1.indexOf('### ⚠️ Destroyed, replaced or failed (7)'), part1.indexOf('### ❌'));
    for (const change of destructive) expect(warnings, change.address).to.include(`\`${change.address}\``);
    expect(warnings).to.include('- ❌ `addons-dev`: the plan failed (terraform exited with code 1)');
    expect(warnings).to.include('`aws_eip.network_nat_5B6C7D8E[1]` will be replaced: destroyed first, then created, because it is tainted');
    expect(warnings).to.include('`aws_ssm_parameter.params_legacy-token_7A8B9C0D` will be destroyed, because it is no longer in the configuration');
    expect(warnings).to.include('`aws_launch_template.cluster_nodes-template_2F3A4B5C` (deposed object `5e1d2c3b`) will be destroyed');
    expect(warnings).to.include('`aws_cloudwatch_log_group.observability_old-audit_9B0C1D2E` will be removed from the state (the real object is kept)');
  });

  it('tells destroy-then-create from create-then-destroy, and names the attributes forcing it', () => {
    expect(part1).to.include('`-/+` `aws_instance.network_bastion_1A2B3C4D` will be replaced: destroyed first, then created, because it cannot be updated in place; forced by `ami`, `user_data`');
    expect(part1).to.include('`+/-` `aws_security_group.cluster_nodes-sg_3E4F5A6B` will be replaced: the new object is created first, then the old one destroyed, because it cannot be updated in place; forced by `name`');
  });

  it('says so when nothing is destroyed or replaced', () => {
    const quiet = renderPlanComment({ ...sampleInput(), stacks: sampleInput().stacks.filter((s) => s.stack === 'bootstrap') });
    expect(quiet.parts[0].body).to.include('## Terraform plan: no changes');
    expect(quiet.parts[0].body).to.include('✅ Nothing is destroyed or replaced.');
    expect(quiet.parts[0].body).to.include('**`bootstrap`**: no changes (2 resource(s) unchanged).');
  });

  it('gives the job summary the header, table and warnings, without marker or resource details', () => {
    expect(rendered.summary).to.match(/^## Terraform plan: /);
    expect(rendered.summary).to.include('| **total** | 1 failed |');
    expect(rendered.summary).to.include('### ⚠️ Destroyed, replaced or failed (7)');
    expect(rendered.summary).not.to.include('<!--');
    expect(rendered.summary).not.to.include('<details>');
  });

  it('is deterministic: same bytes for the same input, whatever the stack order; no plan timestamp', () => {
    const input = sampleInput();
    const again = renderPlanComment({ ...input, stacks: [...input.stacks].reverse() });
    expect(again).to.deep.equal(rendered);
    expect(allBodies(rendered)).not.to.include('2025-05-14T09:21:37Z');
  });

  it('rejects options and input it cannot honour, naming them', () => {
    expect(() => renderPlanComment(sampleInput(), { maxBodyChars: 100 })).to.throw(/maxBodyChars must be an integer of at least 4096/);
    expect(() => renderPlanComment(sampleInput(), { maxParts: 0 })).to.throw(/maxParts must be a positive integer/);
    expect(() => renderPlanComment(sampleInput(), { extraMasks: ['secret'] as unknown as RegExp[] })).to.throw(/extraMasks must be an array of regular expressions/);
    expect(() => renderPlanComment({ ...sampleInput(), pullRequest: 0 })).to.throw(/pull request must be a positive integer/);
    expect(() => renderPlanComment({ ...sampleInput(), commitSha: '' })).to.throw(/commitSha/);
  });
});
