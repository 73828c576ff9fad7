import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
    it('runs in the dev GitHub environment with the apply role', () => {
      expect(image.environment).to.equal('dev');
      expect(image.permissions).to.deep.equal({ 'contents': 'read', 'id-token': 'write' });
      expect(stepsUsing(image, 'aws-actions/configure-aws-credentials')[0].with?.['role-to-assume']).to.equal(settings.applyRoleArn);
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

  describe('bump', () => {
    it('is the only job with a write token (contents), and holds the gitops lock of the environment', () => {
      expect(bump.permissions).to.deep.equal({ contents: 'write' });
      expect(bump.concurrency).to.deep.equal({ 'group': 'gitops-dev', 'cancel-in-progress': false });
      expect(needsOf(bump)).to.deep.equal(['image']);
      expect(stepsUsing(bump, 'actions/checkout')[0].with).to.deep.equal({ 'ref': settings.defaultBranch, 'persist-credentials': true });
    });

    describe('the bump script, against a local origin', () => {
      let dir: string;
      const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      const overlay = 'gitops/apps/chatbot/overlays/dev/kustomization.yaml';
      const script = stepRunning(bump, 'image-tag').run!;
      // `npx tsx tools/image-tag/src/cli.ts ...` -> the real tool of this checkout.
      const npx = `shift 2; exec ${join(ROOT, 'node_modules', '.bin', 'tsx')} ${join(ROOT, 'tools', 'image-tag', 'src', 'cli.ts')} "$@"`;
      const env = { BRANCH: 'main', ENVIRONMENT: 'dev', KUSTOMIZATION: overlay, TAG: 'abc1234' };

      beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'gitops-bump-'));
        git(dir, 'init', '-q', '--bare', '-b', 'main', 'origin.git');
        git(dir, 'clone', '-q', 'origin.git', 'seed');
        mkdirSync(join(dir, 'seed', 'gitops/apps/chatbot/overlays/dev'), { recursive: true });
        copyFileSync(join(ROOT, overlay), join(dir, 'seed', overlay));
        git(join(dir, 'seed'), 'add', '.');
        git(join(dir, 'seed'), 'commit', '-qm', 'seed');
        git(join(dir, 'seed'), 'push', '-q', 'origin', 'HEAD:main');
        git(dir, 'clone', '-q', 'origin.git', 'work');
      });
      afterEach(() => rmSync(dir, { recursive: true, force: true }));

      it('commits the new tag as github-actions[bot] and pushes it; a second run changes nothing', () => {
        const first = runScript(script, { cwd: join(dir, 'work'), env, fakes: { npx } });
        expect(first.code, first.stderr).to.equal(0);
        expect(git(join(dir, 'seed'), 'fetch', '-q', 'origin')).to.equal('');
        expect(git(join(dir, 'seed'), 'log', '-1', '--format=%an|%s', 'origin/main')).to.equal('github-actions[bot]|gitops(dev): chatbot image abc1234');
        const pushed = git(join(dir, 'seed'), 'show', `origin/main:${overlay}`);
        expect(parse(pushed).images[0].newTag).to.equal('abc1234');
        expect(git(join(dir, 'seed'), 'diff', '--stat', 'HEAD', 'origin/main')).to.contain('1 file changed, 1 insertion(+), 1 deletion(-)');

        const second = runScript(script, { cwd: join(dir, 'work'), env, fakes: { npx } });
        expect(second.code).to.equal(0);
        expect(second.stdout).to.contain('already runs abc1234');
        expect(git(join(dir, 'seed'), 'rev-list', '--count', 'origin/main')).to.equal('2');
      });

      it('when the branch moves under it, starts again from the new head and pushes on top of it', () => {
        // A git that lets another commit land on origin just before the first push.
        const realGit = execFileSync('bash', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
        const other = join(dir, 'seed');
        const gitFake = [
          `if [ "$1" = push ] && [ ! -f "${dir}/moved" ]; then`,
          `  touch "${dir}/moved"`,
          `  (cd "${other}" && ${realGit} -c user.name=o -c user.email=o@example.com commit -q --allow-empty -m concurrent && ${realGit} push -q origin HEAD:main)`,
          'fi',
          `exec ${realGit} "$@"`,
        ].join('\n');
        // `sleep` is the script's back-off; no need to wait in a test.
        const run = runScript(script, { cwd: join(dir, 'work'), env, fakes: { npx, git: gitFake, sleep: 'exit 0' } });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.contain('::warning::main moved during the bump (attempt 1 of 5)');
        git(other, 'fetch', '-q', 'origin');
        expect(git(other, 'log', '--format=%s', 'origin/main').split('\n')).to.deep.equal(['gitops(dev): chatbot image abc1234', 'concurrent', 'seed']);
      });
    });
  });
});
