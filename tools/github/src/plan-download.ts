/**
 * Downloads the plan artifact the apply gate chose and proves it is that artifact, intact:
 * 1. the artifact (by id) still belongs to the gate's run, is named `plan-<sha>`, is unexpired, and
 *    GitHub still records the digest the gate recorded;
 * 2. its zip, fetched through the REST API (GitHub redirects to blob storage), has that SHA-256;
 * 3. it extracts safely into a fresh directory outside the checkout (plan-artifact-extract.ts);
 * 4. every extracted file matches `plans/digests.json` (tools/ci/src/plan-digests.ts), no file
 *    missing or extra, and the manifest points each stack at its own folder, so Terraform runs
 *    only inside the extracted tree.
 * Any refusal removes what was extracted: a half-checked plan is never left for a later step.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { callGitHub } from './api-error';
import type { GitHubClient } from './client';
import { extractPlanArtifact, PlanArtifactError } from './plan-artifact-extract';
import type { PlanOutDir } from './plan-out-dir';
import { planArtifactName } from './plan-run';
import { comparePlanDigests, computePlanDigests, parsePlanDigests, PLAN_DIGESTS_FILE, sha256Hex } from '../../ci/src/plan-digests';
import { parseStackManifest } from '../../ci/src/stack-manifest';

export interface PlanDownloadProps {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The plan run the gate accepted. */
  readonly runId: number;
  readonly artifactId: number;
  /** `sha256:<hex>` the gate recorded. */
  readonly digest: string;
  /** The planned head SHA (full). */
  readonly headSha: string;
  /** From preparePlanOutDir. */
  readonly outDir: PlanOutDir;
}

export interface PlanDownload {
  readonly dir: string;
  /** Relative paths of the files extracted and verified, sorted. */
  readonly files: readonly string[];
  readonly stacks: readonly string[];
}

const MANIFEST_FILE = 'cdktf.out/manifest.json';

async function checkArtifact(props: PlanDownloadProps): Promise<void> {
  const { octokit, owner, repo, artifactId, runId, digest, headSha } = props;
  const artifact = (await callGitHub(`get artifact ${artifactId} of ${owner}/${repo}`,
    () => octokit.rest.actions.getArtifact({ owner, repo, artifact_id: artifactId }))).data;
  const label = `artifact ${artifactId}`;
  if (artifact.workflow_run?.id !== runId) throw new PlanArtifactError(`${label} belongs to run ${artifact.workflow_run?.id ?? 'none'}, not the plan run ${runId}`);
  if (artifact.name !== planArtifactName(headSha)) throw new PlanArtifactError(`${label} is named ${artifact.name}, not ${planArtifactName(headSha)}`);
  if (artifact.expired) throw new PlanArtifactError(`${label} has expired; comment /plan`);
  if (artifact.digest !== digest) throw new PlanArtifactError(`${label}'s digest is ${artifact.digest ?? 'missing'}, the gate recorded ${digest}`);
}

async function downloadZip(props: PlanDownloadProps): Promise<Buffer> {
  const { octokit, owner, repo, artifactId } = props;
  const { data } = await callGitHub(`download artifact ${artifactId} of ${owner}/${repo}`,
    () => octokit.rest.actions.downloadArtifact({ owner, repo, artifact_id: artifactId, archive_format: 'zip' }));
  if (!(data instanceof ArrayBuffer)) throw new PlanArtifactError(`artifact ${artifactId}: the download is not a zip archive`);
  return Buffer.from(data);
}

function verifyExtracted(dir: string, files: readonly string[]): readonly string[] {
  if (!files.includes(PLAN_DIGESTS_FILE)) throw new PlanArtifactError(`the artifact has no ${PLAN_DIGESTS_FILE}; it was not made by plan.yml's plan-digests step`);
  const recorded = parsePlanDigests(readFileSync(join(dir, PLAN_DIGESTS_FILE), 'utf8'), `${PLAN_DIGESTS_FILE} in the artifact`);
  const problems = comparePlanDigests(recorded, computePlanDigests(dir, files.filter((f) => f !== PLAN_DIGESTS_FILE)));
  if (problems.length > 0) throw new PlanArtifactError(`the extracted plan does not match ${PLAN_DIGESTS_FILE}: ${problems.join('; ')}`);
  if (!files.includes(MANIFEST_FILE)) throw new PlanArtifactError(`the artifact has no ${MANIFEST_FILE}`);
  const manifest = parseStackManifest(readFileSync(join(dir, MANIFEST_FILE), 'utf8'), `${MANIFEST_FILE} in the artifact`);
  // apply-plans runs terraform in <manifest folder>/<workingDirectory>: keep it in the tree.
  const strays = manifest.stacks.filter((stack) => stack.workingDirectory !== `stacks/${stack.name}`);
  if (strays.length > 0) {
    throw new PlanArtifactError(`${MANIFEST_FILE} in the artifact points ${strays.map((s) => `${s.name} at "${s.workingDirectory}"`).join(', ')}; each stack must be at stacks/<name>`);
  }
  return manifest.stacks.map((stack) => stack.name);
}

/** Removes what a refused download extracted: the directory if download-plan made it, else its contents. */
function discard(outDir: PlanOutDir): void {
  const doomed = outDir.created ? [outDir.dir] : readdirSync(outDir.dir).map((name) => join(outDir.dir, name));
  for (const path of doomed) rmSync(path, { recursive: true, force: true });
}

export async function downloadPlan(props: PlanDownloadProps): Promise<PlanDownload> {
  const dir = props.outDir.dir;
  try {
    await checkArtifact(props);
    const zip = await downloadZip(props);
    const actual = `sha256:${sha256Hex(zip)}`;
    if (actual !== props.digest) {
      throw new PlanArtifactError(`artifact ${props.artifactId}: the zip's SHA-256 is ${actual}, the gate recorded ${props.digest}; nothing was extracted`);
    }
    const files = await extractPlanArtifact({ zip, outDir: dir });
    const stacks = verifyExtracted(dir, files);
    return { dir, files, stacks };
  } catch (error) {
    discard(props.outDir);
    throw error;
  }
}
