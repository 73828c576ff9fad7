/**
 * The Actions side of the fake GitHub's store: workflow runs and artifacts as tests seed them
 * (with GitHub's usual values filled in), and the signed "blob storage" URL an artifact download
 * redirects to. Their endpoints and JSON shapes are in fake-github-actions-routes.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FakeArtifact, FakeClock, FakeRepository, FakeWorkflowRun } from './fake-github-store';

/** An archive with no entries: the end-of-central-directory record alone. */
export const EMPTY_ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The blob SHA git (and the contents API's `sha`) gives a file: sha1 of "blob <size>\0<bytes>". */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** What a test may say about a run; the rest gets GitHub's usual values. */
export type FakeRunSeed = Partial<Omit<FakeWorkflowRun, 'id' | 'created_at' | 'headRepository'>> & {
  readonly head_sha: string;
  /** `owner/name` of the head's repository (a fork); this repository by default. */
  readonly headRepository?: string;
  /** The commit plan.yml's plan job is named for (`Plan every stack at <sha>`); head_sha by default. */
  readonly plannedSha?: string;
};

export interface FakeArtifactSeed {
  readonly expired?: boolean;
  /** The archive; an empty zip by default. */
  readonly zip?: Buffer;
  /** `sha256:<hex>`; the zip's own digest by default, null for none (upload-artifact before v4). */
  readonly digest?: string | null;
}

/**
 * A workflow run with GitHub's usual values for what the seed leaves out. Like GitHub, a
 * `pull_request` run from the repository itself lists the open pull requests whose head is its
 * head_sha; a fork's lists none.
 */
export function newWorkflowRun(repository: FakeRepository, head: FakeRepository, seed: FakeRunSeed, clock: FakeClock): FakeWorkflowRun {
  const { headRepository: _, plannedSha, ...run } = seed;
  const workflowFile = run.workflowFile ?? 'plan.yml';
  const event = run.event ?? 'pull_request';
  const conclusion = run.conclusion === undefined ? 'success' : run.conclusion;
  return {
    id: clock.id(),
    workflowFile,
    path: `.github/workflows/${workflowFile}`,
    workflowId: run.workflowId ?? 9000 + workflowFile.length,
    headRepository: { fullName: head.fullName, id: head.id },
    pullRequests: event === 'pull_request' && head === repository
      ? [...repository.issues.values()].filter((i) => i.pull?.headSha === run.head_sha && i.state === 'open').map((i) => i.number)
      : [],
    jobs: [{ name: 'Resolve the pull request', conclusion }, { name: `Plan every stack at ${plannedSha ?? run.head_sha}`, conclusion }],
    head_branch: 'feature',
    event,
    status: 'completed',
    conclusion,
    created_at: clock.now(),
    ...run,
  };
}

export function newArtifact(runId: number, name: string, seed: FakeArtifactSeed, clock: FakeClock): FakeArtifact {
  const zip = seed.zip ?? EMPTY_ZIP;
  return {
    id: clock.id(),
    runId,
    name,
    expired: seed.expired ?? false,
    created_at: clock.now(),
    zip,
    digest: seed.digest === undefined ? sha256Digest(zip) : seed.digest,
    blobSignature: randomBytes(8).toString('hex'),
  };
}

/**
 * The blob storage artifact downloads redirect to (`/_blob/artifacts/<id>?sig=`): no GitHub
 * token, the URL's signature instead, and the zip as application/zip. Returns the status sent.
 */
export function serveArtifactBlob(artifacts: readonly FakeArtifact[], method: string, url: URL, response: ServerResponse): number {
  const id = /^\/_blob\/artifacts\/(\d+)$/.exec(url.pathname)?.[1];
  const artifact = artifacts.find((a) => String(a.id) === id);
  if (method !== 'GET' || !artifact || url.searchParams.get('sig') !== artifact.blobSignature) {
    response.writeHead(403, { 'content-type': 'application/xml' });
    response.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code></Error>');
    return 403;
  }
  response.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(artifact.zip.length) });
  response.end(artifact.zip);
  return 200;
}
