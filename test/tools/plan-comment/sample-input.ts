/**
 * The sample pull request used by the renderer tests and the docs: test/fixtures/plans/pr-sample
 * (a changed `platform-dev`, a no-change `bootstrap`, a failed `addons-dev`) as a RenderInput.
 */
import { join } from 'node:path';
import { loadPlanDirectory } from '../../../tools/plan-comment/src/load-plans';
import type { RenderedComment, RenderInput } from '../../../tools/plan-comment/src/types';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'plans');
export const SAMPLE_DIR = join(FIXTURES, 'pr-sample');
export const SAMPLE_SHA = '3f2c1a9b8e7d6c5b4a3928171605f4e3d2c1b0a9';

export function sampleInput(dir = SAMPLE_DIR): RenderInput {
  return {
    stacks: loadPlanDirectory(dir),
    pullRequest: 42,
    commitSha: SAMPLE_SHA,
    repository: 'acme/ai-chatbot-platform',
    artifactUrl: 'https://github.com/acme/ai-chatbot-platform/actions/runs/123456789',
  };
}

/** Every body of a rendered comment joined, for "appears anywhere" assertions. */
export function allBodies(rendered: RenderedComment): string {
  return rendered.parts.map((part) => part.body).join('\n');
}

/** The `<details>` block (summary line to closing tag) whose summary names `address`. */
export function detailsFor(text: string, address: string): string {
  const summaryAt = text.indexOf(`<code>${address}</code>`);
  if (summaryAt === -1) throw new Error(`no <details> for ${address}`);
  const open = text.lastIndexOf('<details><summary>', summaryAt);
  const end = text.indexOf('</details>', summaryAt);
  return text.slice(open, end + '</details>'.length);
}
