/**
 * The contract between the renderer (render.ts), the publisher (publish.ts) and the CLI (cli.ts).
 * Terraform's own JSON plan types live in plan-json.ts.
 */
import type { TerraformPlan } from './plan-json';

/** One stack's input: its `terraform show -json` document, or the error that stopped its plan. */
export interface StackPlanInput {
  /** cdktf stack name, e.g. `platform-dev`. */
  readonly stack: string;
  /** Parsed `terraform show -json <planfile>`; absent when the plan failed before a plan existed. */
  readonly plan?: TerraformPlan;
  /** `terraform plan -detailed-exitcode` status: 0 no changes, 2 changes, anything else failed. */
  readonly exitCode?: number;
  /** Error text (stderr of the failed init/plan/show); shown for a failed stack. */
  readonly error?: string;
}

export interface RenderInput {
  readonly stacks: readonly StackPlanInput[];
  /** Pull request number (goes into the hidden marker). */
  readonly pullRequest: number;
  /** The commit that was planned (full SHA). */
  readonly commitSha: string;
  /** `owner/repo`, for links. */
  readonly repository?: string;
  /** Where the full plan artifact can be downloaded (the workflow run page). */
  readonly artifactUrl?: string;
  /**
   * Base URL of the GitHub server, for commit links (`GITHUB_SERVER_URL` on GitHub Enterprise).
   * @default "https://github.com"
   */
  readonly serverUrl?: string;
}

export interface RenderOptions {
  /**
   * Largest body, in characters: JavaScript string length plus one per line break (comment-block.ts
   * says why). GitHub rejects bodies over 65,536 characters. At least 4,096.
   * @default 65536
   */
  readonly maxBodyChars?: number;
  /**
   * Parts allowed before detail is degraded (attribute diffs of the largest resources dropped
   * first, then addresses only).
   * @default 10
   */
  readonly maxParts?: number;
  /** Extra values to mask wherever they appear (on top of Terraform's sensitive markings). */
  readonly extraMasks?: readonly RegExp[];
}

/** How much detail had to be given up to fit `maxParts`. */
export type DetailLevel = 'full' | 'attributes-dropped' | 'addresses-only';

export interface CommentPart {
  /** 1-based. */
  readonly part: number;
  readonly total: number;
  /** The body, starting with `commentMarker(pullRequest, part)` on its first line. */
  readonly body: string;
}

export interface RenderedComment {
  readonly parts: readonly CommentPart[];
  /** Header, summary table and warnings as Markdown: what the job summary shows. */
  readonly summary: string;
  readonly detailLevel: DetailLevel;
}
