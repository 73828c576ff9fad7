import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { synthesizedGithubRole } from './ci-roles';
import { allWorkflows, assumesRole, stepsUsing } from './workflow-files';
import { ciRoleName } from '../../modules/shared/naming';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';
import { ConfigError, loadConfig } from '../../stacks/config';

const CONFIG = join(__dirname, '..', '..', 'config');
const settings = loadCiSettings();
const config = loadConfig(CONFIG);

const roleName = (arn: string) => arn.split(':role/')[1];

describe('CI settings derived from config/ (projenrc/workflows/ci-settings.ts)', () => {
  it('names the plan role the bootstrap stack creates, in the state account', () => {
    expect(settings.planRoleArn).to.equal(`arn:aws:iam::${config.state.accountId}:role/${synthesizedGithubRole(ciRoleName(config.namePrefix, 'plan')).name}`);
  });

  for (const env of settings.environments) {
    it(`names ${env.name}'s own deploy and image roles, as the bootstrap stack creates them, in its account`, () => {
      expect(env.applyRoleArn).to.equal(`arn:aws:iam::${env.accountId}:role/${synthesizedGithubRole(ciRoleName(config.namePrefix, 'apply', env.name)).name}`);
      expect(env.imageRoleArn).to.equal(`arn:aws:iam::${env.accountId}:role/${synthesizedGithubRole(ciRoleName(config.namePrefix, 'image', env.name)).name}`);
    });

    it(`asks for exactly the longest session ${env.name}'s deploy role allows`, () => {
      expect(settings.applySessionSeconds).to.equal(synthesizedGithubRole(roleName(env.applyRoleArn)).maxSessionDuration);
    });
  }

  it('every role a workflow assumes is one of these, and every job assuming a deploy or image role names a GitHub environment', () => {
    const perEnvironment = new Set(settings.environments.flatMap((e) => [e.applyRoleArn, e.imageRoleArn]));
    for (const workflow of allWorkflows()) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        if (!assumesRole(job)) continue;
        const role = String(stepsUsing(job, 'aws-actions/configure-aws-credentials')[0].with?.['role-to-assume']);
        if (role === settings.planRoleArn) continue;
        // Per-environment roles come from the resolve step, which maps the job's environment.
        expect(role, `${workflow.file} ${id}`).to.match(/^\$\{\{ steps\.target\.outputs\.(apply|image)-role \}\}$/);
        expect(job.environment, `${workflow.file} ${id}`).to.be.a('string');
      }
    }
    expect(perEnvironment.size).to.equal(2 * settings.environments.length);
  });

  describe('from another config folder', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'ci-settings-'));
      cpSync(CONFIG, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('plans bootstrap once its state lives in the bucket', () => {
      expect(loadCiSettings(dir).planBootstrap).to.equal(false);
      const project = readFileSync(join(dir, 'project.yaml'), 'utf8').replace('bootstrapBackend: local', 'bootstrapBackend: s3');
      writeFileSync(join(dir, 'project.yaml'), project);
      expect(loadCiSettings(dir).planBootstrap).to.equal(true);
    });

    it('follows a different prefix and account into role ARNs, registries and parameter paths', () => {
      const rewrite = (file: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(/123456789012/g, '210987654321').replace('namePrefix: qa', 'namePrefix: acme'));
      ['project.yaml', 'dev.yaml', 'prod.yaml'].forEach(rewrite);
      const other = loadCiSettings(dir);
      expect(other.planRoleArn).to.equal('arn:aws:iam::210987654321:role/acme-github-plan');
      expect(other.environments[0]).to.deep.include({ applyRoleArn: 'arn:aws:iam::210987654321:role/acme-github-apply-dev', imageRoleArn: 'arn:aws:iam::210987654321:role/acme-github-image-dev' });
      expect(other.environments[0]).to.deep.include({ registry: '210987654321.dkr.ecr.eu-west-1.amazonaws.com', imageRepository: 'acme-dev/chatbot', parameterPrefix: '/acme/dev' });
    });

    it('stops on an invalid config with the loader\'s own error', () => {
      writeFileSync(join(dir, 'project.yaml'), 'namePrefix: "Not Valid"\n');
      expect(() => loadCiSettings(dir)).to.throw(ConfigError);
    });
  });
});
