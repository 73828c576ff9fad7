import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { synthBootstrapApplyRole, synthBootstrapPlanRole } from './synthesized-roles';
import { allWorkflows, assumesRole, stepsUsing } from './workflow-files';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';
import { ConfigError } from '../../stacks/config';

const CONFIG = join(__dirname, '..', '..', 'config');
const settings = loadCiSettings();

function trustedSubjects(role: Record<string, any>): string[] {
  const policy = JSON.parse(role.assume_role_policy);
  const statement = policy.Statement[0];
  const condition = statement.Condition.StringEquals ?? statement.Condition.StringLike;
  return [condition['token.actions.githubusercontent.com:sub']].flat();
}

describe('CI settings derived from config/ (projenrc/workflows/ci-settings.ts)', () => {
  it('names the same roles the bootstrap stack creates, in the state account', () => {
    const account = settings.planRoleArn.split(':')[4];
    expect(settings.planRoleArn).to.equal(`arn:aws:iam::${account}:role/${synthBootstrapPlanRole().name}`);
    expect(settings.applyRoleArn).to.equal(`arn:aws:iam::${account}:role/${synthBootstrapApplyRole().name}`);
  });

  it('asks for exactly the apply role\'s longest session', () => {
    expect(settings.applySessionSeconds).to.equal(synthBootstrapApplyRole().max_session_duration);
  });

  it('every GitHub environment a workflow job runs in is one the apply role trusts', () => {
    const trusted = trustedSubjects(synthBootstrapApplyRole());
    for (const env of settings.environments) expect(trusted).to.include(`repo:${settings.repository}:environment:${env.name}`);
    for (const workflow of allWorkflows()) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        if (!assumesRole(job)) continue;
        const role = stepsUsing(job, 'aws-actions/configure-aws-credentials')[0].with?.['role-to-assume'];
        if (role !== settings.applyRoleArn) continue;
        // The apply role trusts environments and the default branch only: every job using it names one.
        expect(job.environment, `${workflow.file} ${id}`).to.be.a('string');
        if (!job.environment!.includes('${{')) expect(trusted, `${workflow.file} ${id}`).to.include(`repo:${settings.repository}:environment:${job.environment}`);
      }
    }
  });

  it('the plan role trusts pull requests and the default branch, where plan.yml and drift.yml run', () => {
    const trusted = trustedSubjects(synthBootstrapPlanRole());
    expect(trusted).to.include.members([`repo:${settings.repository}:pull_request`, `repo:${settings.repository}:ref:refs/heads/${settings.defaultBranch}`]);
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
      expect(other.applyRoleArn).to.equal('arn:aws:iam::210987654321:role/acme-github-apply');
      expect(other.environments[0]).to.deep.include({ registry: '210987654321.dkr.ecr.eu-west-1.amazonaws.com', imageRepository: 'acme-dev/chatbot', parameterPrefix: '/acme/dev' });
    });

    it('stops on an invalid config with the loader\'s own error', () => {
      writeFileSync(join(dir, 'project.yaml'), 'namePrefix: "Not Valid"\n');
      expect(() => loadCiSettings(dir)).to.throw(ConfigError);
    });
  });
});
