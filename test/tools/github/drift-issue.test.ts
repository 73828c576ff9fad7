import { expect } from 'chai';
import type { GitHubClient } from '../../../tools/github/src/client';
import { driftMarker, reportDrift, type DriftIssueProps } from '../../../tools/github/src/drift-issue';
import { FakeGitHub } from '../../support/fake-github';
import { fakeGitHubClient } from '../../support/github-client';

const REPO = 'acme/chatbot-platform';
const RUN_URL = 'https://github.com/acme/chatbot-platform/actions/runs/42';

describe('reportDrift', () => {
  let fake: FakeGitHub;
  let octokit: GitHubClient;

  beforeEach(async () => {
    fake = await FakeGitHub.start();
    octokit = fakeGitHubClient(fake);
    fake.repository(REPO);
  });
  afterEach(async () => fake.close());

  const report = (extra: Partial<DriftIssueProps>) =>
    reportDrift({ octokit, owner: 'acme', repo: 'chatbot-platform', environment: 'dev', status: 'drift', report: '~ aws_s3_bucket.site', runUrl: RUN_URL, ...extra });

  it('creates a labelled issue with the marker, the report and the run link', async () => {
    const result = await report({});
    expect(result).to.include({ action: 'created', issueNumber: 1, issueUrl: `https://github.com/${REPO}/issues/1` });
    const issue = fake.issue(REPO, 1)!;
    expect(issue.title).to.equal('Drift detected in dev');
    expect(issue.labels).to.deep.equal(['drift']);
    expect(issue.body!.startsWith(driftMarker('dev'))).to.equal(true);
    expect(issue.body).to.contain('~ aws_s3_bucket.site').and.to.contain(`[workflow run](${RUN_URL})`);
  });

  it('updates the existing issue instead of opening another', async () => {
    await report({});
    const result = await report({ report: '- aws_iam_role.ci', runUrl: `${RUN_URL}0` });
    expect(result).to.include({ action: 'updated', issueNumber: 1 });
    expect(fake.repository(REPO).issues.size).to.equal(1);
    expect(fake.issue(REPO, 1)!.body).to.contain('- aws_iam_role.ci').and.not.to.contain('aws_s3_bucket');
  });

  it('makes no write when nothing changed', async () => {
    await report({});
    const writes = fake.writes().length;
    expect((await report({})).action).to.equal('unchanged');
    expect(fake.writes()).to.have.length(writes);
  });

  it('keeps environments apart, and ignores issues without the marker or the label', async () => {
    fake.addIssue(REPO, { title: 'Drift detected in dev', body: 'hand-written, no marker', labels: ['drift'] });
    fake.addIssue(REPO, { title: 'marker but no label', body: driftMarker('dev') });
    await report({ environment: 'prod' });
    const result = await report({});
    expect(result).to.include({ action: 'created', issueNumber: 4 });
    expect(fake.issue(REPO, 3)!.title).to.equal('Drift detected in prod');
    expect(fake.issue(REPO, 1)!.body).to.equal('hand-written, no marker');
  });

  it('finds its issue among many open drift issues (pagination)', async () => {
    for (let i = 0; i < 150; i++) fake.addIssue(REPO, { title: `old ${i}`, body: `noise ${i}`, labels: ['drift'] });
    const own = fake.addIssue(REPO, { title: 'Drift detected in dev', body: `${driftMarker('dev')}\nold`, labels: ['drift'] });
    for (let i = 0; i < 120; i++) fake.addIssue(REPO, { title: `new ${i}`, body: `noise ${i}`, labels: ['drift'] });
    expect(await report({})).to.include({ action: 'updated', issueNumber: own });
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues'))).to.have.length(3);
  });

  it('comments and closes the issue when the environment is clean again', async () => {
    await report({});
    const result = await report({ status: 'clean', report: 'No changes.' });
    expect(result).to.include({ action: 'closed', issueNumber: 1 });
    const issue = fake.issue(REPO, 1)!;
    expect(issue).to.include({ state: 'closed', state_reason: 'completed' });
    expect(fake.comments(REPO, 1).map((c) => c.body)).to.deep.equal([`No drift in **dev** any more ([workflow run](${RUN_URL})); closing.`]);
  });

  it('does nothing on a clean run when no issue is open', async () => {
    fake.addIssue(REPO, { title: 'Drift detected in dev', body: driftMarker('dev'), labels: ['drift'], state: 'closed' });
    expect(await report({ status: 'clean' })).to.deep.equal({ action: 'none' });
    expect(fake.writes()).to.deep.equal([]);
  });

  it('opens a new issue after the old one was closed', async () => {
    await report({});
    await report({ status: 'clean' });
    expect(await report({})).to.include({ action: 'created', issueNumber: 2 });
  });

  it('reports a failed check on the same issue, saying drift could not be ruled out', async () => {
    await report({});
    const result = await report({ status: 'error', report: 'Error: No valid credential sources found' });
    expect(result).to.include({ action: 'updated', issueNumber: 1 });
    const issue = fake.issue(REPO, 1)!;
    expect(issue.title).to.equal('Drift check failed in dev');
    expect(issue.body).to.contain('failed, so drift could not be ruled out').and.to.contain('No valid credential sources found');
  });

  it('cuts a report longer than GitHub allows and says where the rest is', async () => {
    const result = await report({ report: `\`\`\`\n${'~ resource\n'.repeat(10_000)}\`\`\`` });
    expect(result.action).to.equal('created');
    const body = fake.issue(REPO, 1)!.body!;
    expect(body.length).to.be.at.most(65_536);
    expect((body.match(/^```/gm) ?? []).length % 2, 'the cut closes the open code fence').to.equal(0);
    expect(body).to.contain(`Truncated to fit GitHub's 65,536-character limit; the full text is in ${RUN_URL}`);
  });

  it('fails with an error naming the call when GitHub refuses', async () => {
    fake.failNext({ method: 'POST', path: '/issues', status: 403, message: 'Resource not accessible by integration' });
    const error = await report({}).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.match(/^GitHub API: create drift issue for dev in acme\/chatbot-platform failed with HTTP 403: Resource not accessible by integration — the token lacks/);
  });
});
