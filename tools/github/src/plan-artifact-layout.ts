/**
 * The only paths a `plan-<sha>` artifact may hold, as plan.yml uploads it (PLAN_ARTIFACT_PATHS in
 * projenrc/workflows/plan.ts; test/tools/github/plan-artifact-layout.test.ts keeps the two in
 * step): what Terraform needs to apply each saved plan, and the plan results. Anything else in the
 * zip (a `tools/` file, a `.github/` workflow, a `.npmrc`) is refused before anything is written.
 */

/** A stack's folder name, as cdktf names them (tools/ci/src/stack-manifest.ts). */
const STACK = '[A-Za-z0-9][A-Za-z0-9_-]*';
/** One segment under plans/: letters, digits, `.`, `_`, `-`, but never `.` or `..` alone. */
const PLANS_SEGMENT = '(?!\\.\\.?(?:/|$))[A-Za-z0-9._-]+';

const FILES: readonly RegExp[] = [
  /^cdktf\.out\/manifest\.json$/,
  new RegExp(`^cdktf\\.out/stacks/${STACK}/(?:cdk\\.tf\\.json|plan\\.tfplan|\\.terraform\\.lock\\.hcl)$`),
  new RegExp(`^plans/(?:${PLANS_SEGMENT}/)*${PLANS_SEGMENT}$`),
];

const DIRECTORIES: readonly RegExp[] = [
  /^cdktf\.out$/,
  /^cdktf\.out\/stacks$/,
  new RegExp(`^cdktf\\.out/stacks/${STACK}$`),
  new RegExp(`^plans(?:/${PLANS_SEGMENT})*$`),
];

/** Human-readable, for refusals. */
export const PLAN_ARTIFACT_LAYOUT = 'cdktf.out/manifest.json, cdktf.out/stacks/<stack>/{cdk.tf.json,plan.tfplan,.terraform.lock.hcl}, plans/**';

/** Whether a file at `path` (relative, forward slashes) belongs in a plan artifact. */
export function isPlanArtifactFile(path: string): boolean {
  return FILES.some((pattern) => pattern.test(path));
}

/** Whether a folder at `path` (relative, forward slashes, no trailing slash) belongs in a plan artifact. */
export function isPlanArtifactDirectory(path: string): boolean {
  return DIRECTORIES.some((pattern) => pattern.test(path));
}
