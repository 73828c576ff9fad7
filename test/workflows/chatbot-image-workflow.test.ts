import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { runScript } from './run-script';
import { synthEcrRepositoryNames } from './synthesized-roles';
import { loadWorkflow, needsOf, stepRunning, stepsOf, stepsUsing } from './workflow-files';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';

const ROOT = join(__dirname, '..', '..');
const settings = loadCiSettings();
const workflow = loadWorkflow('chatbot-image.yml');
const { test, image, bump } = workflow.jobs;

describe('chatbot-image.yml', () => {
  it('runs on pushes to the default branch that touch chatbot/', () => {
    expect(workflow.on).to.deep.equal({ push: { branches: [settings.defaultBranch], paths: ['chatbot/**'] } });
    expect(workflow.concurrency).to.deep.equal({ 'group': 'chatbot-image', 'cancel-in-progress': false });
  });

  it('tests the chatbot (its own suite, browser included) before any image is built', () => {
    expect(test.permissions).to.deep.equal({ contents: 'read' });
    expect(stepRunning(test, 'npm test')['working-directory']).to.equal('chatbot');
    expect(needsOf(image)).to.deep.equal(['test']);
  });

  describe('image', () => {
    it("runs in the dev GitHub environment with dev's image role (push to its repository, nothing else)", () => {
      expect(image.environment).to.equal('dev');
      expect(image.permissions).to.deep.equal({ 'contents': 'read', 'id-token': 'write' });
      expect(stepsUsing(image, 'aws-actions/configure-aws-credentials')[0].with?.['role-to-assume']).to.equal('${{ steps.target.outputs.image-role }}');
      const resolve = stepsOf(image).find((s) => s.id === 'target')!;
      const dev = settings.environments.find((e) => e.name === 'dev')!;
      expect(runScript(resolve.run!, { env: { ENVIRONMENT: resolve.env!.ENVIRONMENT } }).outputs['image-role']).to.equal(dev.imageRoleArn);
    });

    it('builds without a shared build cache (an issue_comment run of pull-request code could have written it)', () => {
      const build = stepsUsing(image, 'docker/build-push-action')[0];
      expect(build.with).to.not.have.any.keys('cache-from', 'cache-to');
    });

    it('tags with the short SHA only (tags are immutable: never latest) and pushes a plain linux/amd64 image', () => {
      const build = stepsUsing(image, 'docker/build-push-action')[0];
      expect(build.with?.tags).to.equal('${{ steps.target.outputs.registry }}/${{ steps.target.outputs.repository }}:${{ steps.tag.outputs.tag }}');
      expect(build.with).to.deep.include({ context: 'chatbot', file: 'chatbot/Dockerfile', push: true, platforms: 'linux/amd64', provenance: false });
      expect(workflow.text).to.not.match(/:latest\b/);
      const tag = runScript(stepsOf(image).find((s) => s.id === 'tag')!.run!, { env: { GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01' } });
      expect(tag.outputs.tag).to.equal('abcdef0');
    });

    for (const env of settings.environments) {
      it(`pushes ${env.name} to the repository the platform stack creates and the overlay deploys from`, () => {
        const resolve = stepsOf(image).find((s) => s.id === 'target')!;
        const run = runScript(resolve.run!, { env: { ENVIRONMENT: env.name } });
        expect(run.code).to.equal(0);
        expect(synthEcrRepositoryNames(env.name)).to.include(run.outputs.repository);
        const overlay = parse(readFileSync(join(ROOT, run.outputs.kustomization), 'utf8'));
        const chatbot = overlay.images.find((i: { name: string }) => i.name === 'chatbot');
        expect(chatbot.newName).to.equal(`${run.outputs.registry}/${run.outputs.repository}`);
        expect(run.outputs.region).to.equal(env.region);
        expect(run.outputs['parameter-prefix']).to.equal(env.parameterPrefix);
      });
    }

    it('an unknown environment stops the job', () => {
      const resolve = stepsOf(image).find((s) => s.id === 'target')!;
      expect(runScript(resolve.run!, { env: { ENVIRONMENT: 'staging' } }).code).to.equal(1);
    });

    it('reuses an image already pushed for the commit, pushes a missing one, and stops on any other error', () => {
      const script = stepsOf(image).find((s) => s.id === 'existing')!.run!;
      const env = { REPOSITORY: 'qa-dev/chatbot', TAG: 'abcdef0' };
      expect(runScript(script, { env, fakes: { aws: 'echo "{}"' } }).outputs.push).to.equal('false');
      expect(runScript(script, { env, fakes: { aws: 'echo "An error occurred (ImageNotFoundException)" >&2; exit 254' } }).outputs.push).to.equal('true');
      expect(runScript(script, { env, fakes: { aws: 'echo "An error occurred (AccessDeniedException)" >&2; exit 254' } }).code).to.equal(1);
    });
  });

  describe('bump: a pull request, never a push to the default branch', () => {
    const steps = stepsOf(bump);
    const bumpStep = steps.find((st) => st.id === 'bump')!;
    const publishStep = stepRunning(bump, 'gh pr create');

    it('is the only job with a write token (contents + pull-requests), and holds the gitops lock of the environment', () => {
      expect(bump.permissions).to.deep.equal({ 'contents': 'write', 'pull-requests': 'write' });
      expect(bump.concurrency).to.deep.equal({ 'group': 'gitops-dev', 'cancel-in-progress': false });
      expect(needsOf(bump)).to.deep.equal(['image']);
      expect(stepsUsing(bump, 'actions/checkout')[0].with).to.deep.equal({ 'ref': settings.defaultBranch, 'persist-credentials': false });
    });

    it('hands the token to the push-and-open step only, after install and bump ran without it', () => {
      const holders = steps.filter((st) => JSON.stringify(st.env ?? {}).includes('github.token'));
      expect(holders).to.deep.equal([publishStep]);
      expect(steps.indexOf(bumpStep)).to.be.lessThan(steps.indexOf(publishStep));
      expect(publishStep.if).to.equal("steps.bump.outputs.changed == 'true'");
      expect(publishStep.run).to.not.match(/https:\/\/[^ ]*@|x-access-token:\$|http\.extraheader/);
    });

    it("gives git the token through a credential helper that reads it from env, for the push's HTTPS remote", () => {
      const helper = /git (-c credential\.helper= -c '[^']+') push /.exec(publishStep.run!)![1];
      const fill = runScript(`printf 'protocol=https\\nhost=github.com\\n\\n' | git ${helper} credential fill`, { env: { GH_TOKEN: 'ghs_from-env' } });
      expect(fill.code, fill.stderr).to.equal(0);
      expect(fill.stdout).to.contain('username=x-access-token\npassword=ghs_from-env\n');
    });

    describe('the bump and publish scripts, against a local origin', () => {
      let dir: string;
      const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      const overlay = 'gitops/apps/chatbot/overlays/dev/kustomization.yaml';
      const pushedImage = `${settings.environments.find((e) => e.name === 'dev')!.registry}/qa-dev/chatbot`;
      // `npx tsx tools/image-tag/src/cli.ts ...` -> the real tool of this checkout.
      const npx = `shift 2; exec ${join(ROOT, 'node_modules', '.bin', 'tsx')} ${join(ROOT, 'tools', 'image-tag', 'src', 'cli.ts')} "$@"`;
      const env = { ENVIRONMENT: 'dev', KUSTOMIZATION: overlay, TAG: 'abc1234', IMAGE: pushedImage };
      const branch = 'release/chatbot-dev-abc1234';
      const TOKEN = 'ghs_not-a-real-token-0123456789';
      // A gh that logs its calls and answers like GitHub would.
      const gh = (existingUrl = '') =>
        [
          'echo "gh $*" >> "$HOME/calls"',
          'case "$1 $2" in',
          `  "pr list") if [ "$3" = --head ]; then echo "${existingUrl}"; else echo '[{"number":3,"headRefName":"release/chatbot-dev-0000001"},{"number":4,"headRefName":"release/chatbot-prod-0000002"},{"number":5,"headRefName":"${branch}"},{"number":6,"headRefName":"feature/x"}]'; fi ;;`,
          '  "pr create") echo "https://github.com/example-org/ai-chatbot-platform/pull/5" ;;',
          'esac',
        ].join('\n');
      const realGit = execFileSync('bash', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      // A git that logs its arguments: the token must never be one.
      const gitLogger = `echo "git $*" >> "$HOME/calls"; exec ${realGit} "$@"`;
      const publishEnv = { ...env, GH_TOKEN: TOKEN, BASE: 'main', BRANCH: branch, RUN_URL: 'https://github.com/example-org/ai-chatbot-platform/actions/runs/1' };

      beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'gitops-bump-'));
        git(dir, 'init', '-q', '--bare', '-b', 'main', 'origin.git');
        git(dir, 'clone', '-q', 'origin.git', 'seed');
        mkdirSync(join(dir, 'seed', 'gitops/apps/chatbot/overlays/dev'), { recursive: true });
        copyFileSync(join(ROOT, overlay), join(dir, 'seed', overlay));
        writeFileSync(join(dir, 'seed', 'README.md'), 'seed\n');
        git(join(dir, 'seed'), 'add', '.');
        git(join(dir, 'seed'), 'commit', '-qm', 'seed');
        git(join(dir, 'seed'), 'push', '-q', 'origin', 'HEAD:main');
        git(dir, 'clone', '-q', 'origin.git', 'work');
      });
      afterEach(() => rmSync(dir, { recursive: true, force: true }));

      it('commits the new tag as github-actions[bot] on the release branch, changing only the overlay', () => {
        const run = runScript(bumpStep.run!, { cwd: join(dir, 'work'), env, fakes: { npx } });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.outputs).to.deep.equal({ changed: 'true', branch });
        const work = join(dir, 'work');
        expect(git(work, 'rev-parse', '--abbrev-ref', 'HEAD')).to.equal(branch);
        expect(git(work, 'log', '-1', '--format=%an|%s')).to.equal('github-actions[bot]|gitops(dev): chatbot image abc1234');
        expect(git(work, 'diff', '--name-only', 'main', 'HEAD')).to.equal(overlay);
        expect(parse(git(work, 'show', `HEAD:${overlay}`)).images[0].newTag).to.equal('abc1234');
      });

      it('pushes only the release branch, with the token from env (never in git config or on a command line), opens the PR with auto-merge and closes older ones', () => {
        const work = join(dir, 'work');
        expect(runScript(bumpStep.run!, { cwd: work, env, fakes: { npx } }).code).to.equal(0);
        const run = runScript(`${publishStep.run!}\ncat "$HOME/calls"`, { cwd: work, env: publishEnv, fakes: { gh: gh(), git: gitLogger } });
        expect(run.code, run.stderr).to.equal(0);
        const calls = run.stdout.split('\n').filter((l) => l.startsWith('gh ') || l.startsWith('git '));
        expect(calls.filter((c) => c.startsWith('gh pr create'))).to.deep.equal([
          `gh pr create --base main --head ${branch} --title gitops(dev): chatbot image abc1234 --body Rolls ${pushedImage}:abc1234 out to dev: Argo CD syncs the overlay once this is merged. Opened by https://github.com/example-org/ai-chatbot-platform/actions/runs/1; it merges itself when the rules of main are met.`,
        ]);
        expect(calls).to.include('gh pr merge https://github.com/example-org/ai-chatbot-platform/pull/5 --auto --squash');
        // Only the older release PR of dev: not prod's, not this one, not an unrelated branch.
        expect(calls.filter((c) => c.startsWith('gh pr close'))).to.deep.equal(['gh pr close 3 --delete-branch --comment Superseded by https://github.com/example-org/ai-chatbot-platform/pull/5.']);
        expect(run.stdout + run.stderr).to.not.contain(TOKEN);
        expect(readFileSync(join(work, '.git', 'config'), 'utf8')).to.not.contain(TOKEN);

        git(join(dir, 'seed'), 'fetch', '-q', 'origin');
        expect(git(join(dir, 'seed'), 'log', '-1', '--format=%s', `origin/${branch}`)).to.equal('gitops(dev): chatbot image abc1234');
        expect(git(join(dir, 'seed'), 'log', '--format=%s', 'origin/main')).to.equal('seed');
      });

      it('reuses the open pull request of the same branch (a re-run) instead of opening another', () => {
        const work = join(dir, 'work');
        expect(runScript(bumpStep.run!, { cwd: work, env, fakes: { npx } }).code).to.equal(0);
        const run = runScript(`${publishStep.run!}\ncat "$HOME/calls"`, { cwd: work, env: publishEnv, fakes: { gh: gh('https://github.com/example-org/ai-chatbot-platform/pull/5') } });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.not.contain('gh pr create');
        expect(run.stdout).to.contain('gh pr merge https://github.com/example-org/ai-chatbot-platform/pull/5 --auto --squash');
      });

      it('proposes nothing when the overlay already runs the tag', () => {
        const work = join(dir, 'work');
        expect(runScript(bumpStep.run!, { cwd: work, env, fakes: { npx } }).code).to.equal(0);
        git(work, 'switch', '-q', 'main');
        git(work, 'merge', '-q', '--ff-only', branch);
        const again = runScript(bumpStep.run!, { cwd: work, env, fakes: { npx } });
        expect(again.code).to.equal(0);
        expect(again.outputs).to.deep.equal({ changed: 'false' });
        expect(again.stdout).to.contain('already runs abc1234');
      });

      it('refuses when the overlay deploys from another repository than the one the image was pushed to', () => {
        const run = runScript(bumpStep.run!, { cwd: join(dir, 'work'), env: { ...env, IMAGE: 'attacker.example/chatbot' }, fakes: { npx } });
        expect(run.code).to.equal(1);
        expect(run.stderr).to.contain('not "attacker.example/chatbot"');
        expect(git(join(dir, 'work'), 'branch', '--list', branch)).to.equal('');
      });

      it('refuses a bump that changed anything but the overlay', () => {
        const sneaky = `echo changed >> README.md; ${npx}`;
        const run = runScript(bumpStep.run!, { cwd: join(dir, 'work'), env, fakes: { npx: sneaky } });
        expect(run.code).to.equal(1);
        expect(run.stdout).to.contain('::error::the bump changed more than');
      });
    });
  });
});
