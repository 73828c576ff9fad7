import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { main } from '../../../tools/plan-comment/src/cli';
import { parseMarker } from '../../../tools/plan-comment/src/marker';
import { FakeGitHub } from '../../support/fake-github';
import { ActionsWorkspace, runCliMain } from '../../support/run-cli';
import { runTsProcess } from '../../support/run-process';

const REPO = 'acme/chatbot-platform';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const PLANS = join(__dirname, '..', '..', 'fixtures', 'plan-dirs', 'small');
const SECRET = 'hunter2-super-secret';

/** A plans dir with one stack creating `count` buckets, each with a long tag, so a big plan needs several parts. */
function writeBigPlan(dir: string, count: number): string {
  mkdirSync(dir, { recursive: true });
  const resourceChanges = Array.from({ length: count }, (_, i) => ({
    address: `aws_s3_bucket.b${i}`,
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: `b${i}`,
    change: { actions: ['create'], before: null, after: { bucket: `bucket-${i}`, tags: { note: 'x'.repeat(300) } }, after_unknown: {}, before_sensitive: false, after_sensitive: {} },
  }));
  writeFileSync(join(dir, 'platform-dev.json'), JSON.stringify({ format_version: '1.2', resource_changes: resourceChanges }));
  writeFileSync(join(dir, 'platform-dev.exitcode'), '2\n');
  return dir;
}

describe('plan-comment CLI', () => {
  let fake: FakeGitHub;
  let workspace: ActionsWorkspace;
  let pr: number;

  beforeEach(async () => {
    fake = await FakeGitHub.start();
    workspace = new ActionsWorkspace();
    pr = fake.addPullRequest(REPO, { headSha: SHA });
  });
  afterEach(async () => {
    await fake.close();
    workspace.remove();
  });

  const run = async (argv: readonly string[], extraEnv: Record<string, string | undefined> = {}) =>
    runCliMain(main, argv, workspace.env(fake, REPO, extraEnv));
  const common = (): string[] => ['--plans-dir', PLANS, '--pr', String(pr), '--sha', SHA];

  describe('render', () => {
    it('writes the parts, the summary and the full plan, masked', async () => {
      const outDir = join(workspace.dir, 'out');
      const result = await run(['render', ...common(), '--mask', 'db\\.internal\\.example', '--out-dir', outDir]);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/^rendered \d+ part\(s\) \(detail: full\) to /);
      const parts = readdirSync(outDir).filter((name) => name.startsWith('part-')).sort();
      expect(parts[0]).to.equal('part-1.md');
      parts.forEach((name, index) => {
        expect(parseMarker(readFileSync(join(outDir, name), 'utf8'))).to.deep.equal({ pullRequest: pr, part: index + 1 });
      });
      expect(readFileSync(join(outDir, 'summary.md'), 'utf8')).to.contain('platform-dev');
      const full = readFileSync(join(outDir, 'full-plan.md'), 'utf8');
      expect(full).to.contain('aws_s3_bucket.site');
      for (const name of [...parts, 'summary.md', 'full-plan.md']) {
        const text = readFileSync(join(outDir, name), 'utf8');
        expect(text, name).not.to.contain(SECRET);
        expect(text, name).not.to.contain('db.internal.example');
      }
    });

    it('removes part files left by an earlier, longer render', async () => {
      const outDir = join(workspace.dir, 'out');
      await run(['render', ...common(), '--out-dir', outDir]);
      writeFileSync(join(outDir, 'part-9.md'), 'stale');
      expect((await run(['render', ...common(), '--out-dir', outDir])).code).to.equal(0);
      expect(existsSync(join(outDir, 'part-9.md'))).to.equal(false);
    });

    it('links commits on the server the workflow runs on (GitHub Enterprise)', async () => {
      const outDir = join(workspace.dir, 'out');
      await run(['render', ...common(), '--out-dir', outDir], { GITHUB_SERVER_URL: 'https://ghe.example.com' });
      expect(readFileSync(join(outDir, 'part-1.md'), 'utf8')).to.contain(`https://ghe.example.com/${REPO}/commit/${SHA}`);
    });

    it('needs no token or API access', async () => {
      const result = await run(['render', ...common(), '--out-dir', join(workspace.dir, 'out')], { GITHUB_TOKEN: undefined });
      expect(result.code, result.stderr).to.equal(0);
      expect(fake.requests).to.deep.equal([]);
    });
  });

  describe('publish', () => {
    it('creates the comment parts, appends the job summary and reports the counts', async () => {
      writeFileSync(workspace.summaryFile, '## earlier step\n');
      const result = await run(['publish', ...common()]);
      expect(result.code, result.stderr).to.equal(0);
      const comments = fake.comments(REPO, pr);
      expect(comments.length).to.be.greaterThan(0);
      expect(result.stdout).to.equal(`created ${comments.length}, updated 0, deleted 0, unchanged 0\n`);
      expect(comments.map((c) => parseMarker(c.body)?.part)).to.deep.equal(comments.map((_, i) => i + 1));
      expect(comments.every((c) => !c.body.includes(SECRET))).to.equal(true);
      // The run page is where the full plan artifact is; it comes from the Actions environment.
      expect(comments[0].body).to.contain(`https://github.com/${REPO}/actions/runs/4242`);
      const summary = workspace.summary();
      expect(summary.startsWith('## earlier step\n')).to.equal(true);
      expect(summary).to.contain('platform-dev');
    });

    it('updates nothing when published again unchanged', async () => {
      await run(['publish', ...common()]);
      const writes = fake.writes().length;
      const result = await run(['publish', ...common()]);
      expect(result.stdout).to.match(/^created 0, updated 0, deleted 0, unchanged \d+\n$/);
      expect(fake.writes()).to.have.length(writes);
    });

    it('links the artifact URL it is given, and the run page when that is empty', async () => {
      const artifactUrl = `https://github.com/${REPO}/actions/runs/4242/artifacts/777`;
      await run(['publish', ...common(), '--artifact-url', artifactUrl]);
      expect(fake.comments(REPO, pr)[0].body).to.contain(artifactUrl);
      const result = await run(['publish', ...common(), '--artifact-url', '']);
      expect(result.code, result.stderr).to.equal(0);
      expect(fake.comments(REPO, pr)[0].body).not.to.contain(artifactUrl);
      expect(fake.comments(REPO, pr)[0].body).to.contain(`https://github.com/${REPO}/actions/runs/4242)`);
    });

    it('grows and shrinks the comment with the plan, editing parts in place', async () => {
      const big = writeBigPlan(join(workspace.dir, 'big'), 600);
      const first = await run(['publish', '--plans-dir', big, '--pr', String(pr), '--sha', SHA]);
      expect(first.code, first.stderr).to.equal(0);
      const parts = fake.comments(REPO, pr);
      expect(parts.length).to.be.greaterThan(1);
      expect(parts.every((c) => c.body.length <= 65_536)).to.equal(true);
      const small = writeBigPlan(join(workspace.dir, 'small'), 3);
      const second = await run(['publish', '--plans-dir', small, '--pr', String(pr), '--sha', SHA]);
      expect(second.stdout).to.equal(`created 0, updated 1, deleted ${parts.length - 1}, unchanged 0\n`);
      expect(fake.comments(REPO, pr).map((c) => c.id)).to.deep.equal([parts[0].id]);
    });

    it('prints what it would do in a dry run, and writes nothing', async () => {
      const result = await run(['publish', ...common(), '--dry-run']);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.contain(`dry run: nothing written to ${REPO}#${pr}`).and.to.contain('  would create part 1');
      expect(fake.writes()).to.deep.equal([]);
      expect(workspace.summary()).to.equal('');
    });

    it('reports a GitHub failure in one line with exit 1', async () => {
      fake.failNext({ method: 'POST', path: '/comments', status: 403, message: 'Resource not accessible by integration' });
      const result = await run(['publish', ...common()]);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.match(/^plan-comment publish: GitHub API: create comment \(plan part 1\) on acme\/chatbot-platform#1 failed with HTTP 403: Resource not accessible by integration — .*\n$/);
      expect(result.stderr.split('\n')).to.have.length(2);
    });

    const usageCases: ReadonlyArray<readonly [string, readonly string[], string]> = [
      ['an unknown flag', ['--plans-dir', PLANS, '--pr', '1', '--sha', SHA, '--prr', '2'], "Unknown option '--prr'"],
      ['a missing --pr', ['--plans-dir', PLANS, '--sha', SHA], '--pr is required'],
      ['a non-numeric --pr', ['--plans-dir', PLANS, '--pr', '7a', '--sha', SHA], '--pr must be a positive integer, got "7a"'],
      ['a negative --pr', ['--plans-dir', PLANS, '--pr', '-3', '--sha', SHA], '--pr'],
      ['a bad --sha', ['--plans-dir', PLANS, '--pr', '1', '--sha', 'main'], '--sha must be a commit SHA (7 to 40 hex digits), got "main"'],
      ['a bad --mask', ['--plans-dir', PLANS, '--pr', '1', '--sha', SHA, '--mask', 'secret-(\\d+'], '--mask "secret-(\\\\d+" is not a valid regular expression'],
      ['a missing plans dir', ['--plans-dir', '/nonexistent/plans', '--pr', '1', '--sha', SHA], '--plans-dir: directory "/nonexistent/plans" does not exist'],
      ['a zero --max-parts', ['--plans-dir', PLANS, '--pr', '1', '--sha', SHA, '--max-parts', '0'], '--max-parts must be a positive integer'],
      ['a non-URL --artifact-url', ['--plans-dir', PLANS, '--pr', '1', '--sha', SHA, '--artifact-url', 'runs/1'], '--artifact-url must be a URL'],
      ['a bad --comment-author', ['--plans-dir', PLANS, '--pr', '1', '--sha', SHA, '--comment-author', 'a b'], '--comment-author must be a GitHub login'],
    ];
    for (const [what, argv, message] of usageCases) {
      it(`exits 2 on ${what}, publishing nothing`, async () => {
        const result = await run(['publish', ...argv]);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.contain(message).and.to.contain('usage: publish --plans-dir');
        expect(fake.requests).to.deep.equal([]);
        expect(workspace.summary()).to.equal('');
      });
    }

    it('exits 2 without a token, before reading the plans', async () => {
      const result = await run(['publish', ...common()], { GITHUB_TOKEN: undefined });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.contain('GITHUB_TOKEN is not set');
      expect(fake.requests).to.deep.equal([]);
    });
  });

  it('runs as a process (npx tsx tools/plan-comment/src/cli.ts), with main\'s exit code', async () => {
    const cli = join(__dirname, '..', '..', '..', 'tools', 'plan-comment', 'src', 'cli.ts');
    const published = await runTsProcess(cli, ['publish', ...common()], workspace.env(fake, REPO));
    expect(published.code, published.stderr).to.equal(0);
    expect(published.stdout).to.match(/^created [1-9]\d*, updated 0, deleted 0, unchanged 0\n$/);
    expect(fake.comments(REPO, pr).length).to.be.greaterThan(0);
    const bad = await runTsProcess(cli, ['publish', ...common(), '--mask', '('], workspace.env(fake, REPO));
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('--mask "(" is not a valid regular expression').and.not.to.match(/\n\s+at /);
  });

  it('exits 2 with usage on an unknown subcommand', async () => {
    const result = await run(['apply']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('plan-comment: unknown command "apply"').and.to.contain('render  --plans-dir');
  });
});
