import { expect } from 'chai';
import { main } from '../../../tools/github/src/cli';
import type { GitHubClient } from '../../../tools/github/src/client';
import { leakMarker, reportLeaks, type LeakIssueProps } from '../../../tools/github/src/leak-issue';
import { FakeGitHub } from '../../support/fake-github';
import { fakeGitHubClient } from '../../support/github-client';
import { ActionsWorkspace, runCliMain } from '../../support/run-cli';

const REPO = 'acme/chatbot-platform';
const RUN_URL = 'https://github.com/acme/chatbot-platform/actions/runs/42';

/** A leak report as `npx projen leak-report dev` prints it (tools/leak-report/src/render.ts). */
const REPORT = [
  'Leak report: environment dev, account 111122223333 (eu-west-1, us-east-1), cluster qa-dev',
  'Run as arn:aws:sts::111122223333:assumed-role/qa-github-apply-dev/lifecycle-destroy-dev',
  '',
  '| Type                                 | Id                              | Why it was found                                      | Cost/month | Delete with |',
  '| ------------------------------------ | ------------------------------- | ----------------------------------------------------- | ---------: | --- |',
  '| elasticloadbalancing:loadbalancer/app | k8s-chatbot-chatbot-0a1b2c3d4e | tagged elbv2.k8s.aws/cluster=qa-dev (AWS Load Balancer Controller) |     $18.40 | aws elbv2 delete-load-balancer --load-balancer-arn arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/k8s-chatbot-chatbot-0a1b2c3d4e/50dc6c495c0c9188 --region eu-west-1 |',
  '',
  'Estimated cost of what is left: $18.40/month for 1 of 1 resources; AWS list prices recorded 2026-12-05, before usage charges (tools/leak-report/src/prices.ts).',
  '',
  'Checks:',
  '  checked      ELBv2 load balancers and target groups',
  '',
  'Result: 1 resource left ($18.40/month where known). Delete them with the commands above, then run the report again.',
  '',
].join('\n');

describe('reportLeaks (the teardown issue)', () => {
  let fake: FakeGitHub;
  let octokit: GitHubClient;

  beforeEach(async () => {
    fake = await FakeGitHub.start();
    octokit = fakeGitHubClient(fake);
    fake.repository(REPO);
  });
  afterEach(async () => fake.close());

  const report = (extra: Partial<LeakIssueProps>) =>
    reportLeaks({ octokit, owner: 'acme', repo: 'chatbot-platform', environment: 'dev', status: 'leftovers', report: REPORT, runUrl: RUN_URL, ...extra });

  it('opens one labelled issue per environment with the report\'s table up front and the whole report folded', async () => {
    const result = await report({});
    expect(result).to.include({ action: 'created', issueNumber: 1 });
    const issue = fake.issue(REPO, 1)!;
    expect(issue.title).to.equal('Resources left after the teardown of dev');
    expect(issue.labels).to.deep.equal(['teardown-leftovers', 'cost']);
    const body = issue.body!;
    expect(body.startsWith(leakMarker('dev'))).to.equal(true);
    expect(body).to.contain(`[workflow run](${RUN_URL})`);
    const tableAt = body.indexOf('| Type ');
    expect(tableAt).to.be.greaterThan(0);
    expect(body.indexOf('<details>'), 'the table comes before the folded report').to.be.greaterThan(tableAt);
    // The table stays a Markdown table: its lines start at the line start, outside the code fence.
    expect(body.split('\n').filter((l) => l.startsWith('| elasticloadbalancing:loadbalancer/app'))).to.have.length(2);
    expect(body).to.contain('Estimated cost of what is left: $18.40/month');
    expect(body).to.contain('npx projen leak-report dev');
  });

  it('updates the same issue on the next teardown, and keeps environments apart', async () => {
    await report({});
    await report({ environment: 'prod' });
    const again = await report({ status: 'incomplete', report: 'Checks:\n  NOT CHECKED  KMS keys (kms:ListKeys): access denied\n\nResult: incomplete.' });
    expect(again).to.include({ action: 'updated', issueNumber: 1 });
    expect(fake.issue(REPO, 1)!.title).to.equal('Teardown of dev could not be verified');
    expect(fake.issue(REPO, 1)!.body).to.contain('could not check everything').and.to.contain('NOT CHECKED  KMS keys');
    expect(fake.issue(REPO, 2)!.title).to.equal('Resources left after the teardown of prod');
  });

  it('says the teardown failed when there is no report', async () => {
    await report({ status: 'error', report: '' });
    expect(fake.issue(REPO, 1)!.body).to.contain('failed before the leak report could run');
  });

  it('closes the issue with a comment when the report is clean, and does nothing when none is open', async () => {
    await report({});
    expect(await report({ status: 'clean' })).to.include({ action: 'closed', issueNumber: 1 });
    expect(fake.issue(REPO, 1)).to.include({ state: 'closed', state_reason: 'completed' });
    expect(fake.comments(REPO, 1).map((c) => c.body)).to.deep.equal([`The leak report of **dev** is clean ([workflow run](${RUN_URL})): nothing is left; closing.`]);
    const writes = fake.writes().length;
    expect(await report({ status: 'clean' })).to.deep.equal({ action: 'none' });
    expect(fake.writes()).to.have.length(writes);
  });

  it('ignores issues without its marker or label', async () => {
    fake.addIssue(REPO, { title: 'Resources left after the teardown of dev', body: 'by hand', labels: ['teardown-leftovers'] });
    fake.addIssue(REPO, { title: 'no label', body: leakMarker('dev') });
    expect(await report({})).to.include({ action: 'created', issueNumber: 3 });
  });
});

describe('tools/github CLI: leak-issue', () => {
  let fake: FakeGitHub;
  let workspace: ActionsWorkspace;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    workspace = new ActionsWorkspace();
    fake.repository(REPO);
  });
  afterEach(async () => {
    await fake.close();
    workspace.remove();
  });
  const run = (argv: readonly string[]) => runCliMain(main, argv, workspace.env(fake, REPO, {}));

  it('opens, then closes the issue, writing its outputs', async () => {
    const file = workspace.file('leak-report.txt', REPORT);
    const opened = await run(['leak-issue', '--environment', 'dev', '--status', 'leftovers', '--report-file', file]);
    expect(opened).to.include({ code: 0, stdout: `dev: created teardown issue #1 https://github.com/${REPO}/issues/1\n` });
    expect(workspace.outputs()).to.deep.equal({ 'action': 'created', 'issue-number': '1' });
    const closed = await run(['leak-issue', '--environment', 'dev', '--status', 'clean', '--report-file', file]);
    expect(closed.stdout).to.equal(`dev: closed teardown issue #1 https://github.com/${REPO}/issues/1\n`);
  });

  it('takes a missing report with --status error (the destroy died first), and refuses bad input with exit 2', async () => {
    const absent = `${workspace.file('present.txt', '')}.absent`;
    const missing = await run(['leak-issue', '--environment', 'dev', '--status', 'error', '--report-file', absent]);
    expect(missing.code, missing.stderr).to.equal(0);
    expect(fake.issue(REPO, 1)!.body).to.contain('failed before the leak report could run');
    const file = workspace.file('r.txt', REPORT);
    for (const [argv, message] of [
      [['leak-issue', '--environment', 'dev', '--status', 'dirty', '--report-file', file], '--status must be one of clean, leftovers, incomplete, error'],
      [['leak-issue', '--environment', 'Dev!', '--status', 'clean', '--report-file', file], '--environment must be an environment name'],
      [['leak-issue', '--environment', 'dev', '--status', 'leftovers', '--report-file', `${file}.missing`], 'report-file'],
    ] as const) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).to.equal(2);
      expect(result.stderr).to.contain(message);
    }
  });
});
