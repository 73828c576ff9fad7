import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { attackerSubjects, defaultBranchProbes } from './attacker-subjects';
import { synthesizedGithubRoles, type CiRole } from './ci-roles';
import { presentations, renderSubject, type Presentation } from './job-subjects';
import { attackerViolations, defaultBranchViolations, jobViolations, roleSetViolations, rolesReached, trustViolations, type TrustRules } from './trust-matrix';
import { allWorkflows, loadWorkflow, type Workflow } from './workflow-files';
import { DEPLOY_ROLE_WORKFLOWS, IMAGE_ROLE_WORKFLOWS, OIDC_SUBJECT_CLAIM_KEYS, oidcSubject, PLAN_ENVIRONMENT } from '../../modules/shared/github-oidc-subjects';
import { ciRoleName } from '../../modules/shared/naming';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';
import { loadConfig } from '../../stacks/config';

const ROOT = join(__dirname, '..', '..');
const project = loadConfig(join(ROOT, 'config'));
const settings = loadCiSettings();
const environments = settings.environments.map((e) => e.name);
const model = { repository: settings.repository, defaultBranch: settings.defaultBranch, environments };
const rules: TrustRules = {
  defaultBranch: settings.defaultBranch,
  planRole: ciRoleName(project.namePrefix, 'plan'),
  applyRole: (env) => ciRoleName(project.namePrefix, 'apply', env),
  imageRole: (env) => ciRoleName(project.namePrefix, 'image', env),
  environments,
  deployWorkflows: DEPLOY_ROLE_WORKFLOWS,
  imageWorkflows: IMAGE_ROLE_WORKFLOWS,
};

const workflows = allWorkflows();
const files = workflows.map((w) => w.file);
const jobs = presentations(workflows, model);
const attackers = attackerSubjects(model, files);
const probes = defaultBranchProbes(model, files);
const roles = synthesizedGithubRoles();

const contextsOf = (file: string, job: string) => [...new Set(jobs.filter((p) => p.workflow === file && p.job === job).map((p) => p.context))].sort();
const envContexts = (names: readonly string[]) => names.map((e) => `environment:${e}`).sort();

/** The real roles with one trust policy replaced: a fixture the checker must fail on. */
function withTrust(name: string, subjects: string[], operator: 'StringEquals' | 'StringLike' = 'StringLike'): CiRole[] {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${project.state.accountId}:oidc-provider/token.actions.githubusercontent.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, [operator]: { 'token.actions.githubusercontent.com:sub': subjects } },
      },
    ],
  };
  const replaced = { name, assumeRolePolicy: JSON.stringify(policy), maxSessionDuration: 3600 };
  return [...roles.filter((r) => r.name !== name), replaced];
}

const repo = `repo:${settings.repository}`;

describe('trust matrix: every OIDC subject a job or an attacker can present, against the synthesized CI roles', () => {
  describe('the subject template', () => {
    it('renders subjects as the contract (oidcSubject) does', () => {
      for (const [context, file, ref] of [['pull_request', 'plan.yml', 'refs/pull/7/merge'], ['environment:prod', 'apply.yml', 'refs/heads/main']]) {
        expect(renderSubject(settings.repository, context, file, ref)).to.equal(oidcSubject(project.github, context, file, ref));
      }
    });

    it('docs/ci-workflows.md gives the admin command that sets exactly these claim keys, and how to check it', () => {
      const docs = readFileSync(join(ROOT, 'docs', 'ci-workflows.md'), 'utf8');
      const body = JSON.stringify({ use_default: false, include_claim_keys: OIDC_SUBJECT_CLAIM_KEYS });
      expect(docs).to.contain(`gh api -X PUT repos/${settings.repository}/actions/oidc/customization/sub --input - <<< '${body}'`);
      expect(docs).to.contain(`gh api repos/${settings.repository}/actions/oidc/customization/sub`);
    });
  });

  describe('docs/ci-workflows.md', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'ci-workflows.md'), 'utf8');
    const tableRow = (role: string) => docs.split('\n').find((l) => l.startsWith(`| \`${role}\``));

    it('states every trusted subject of every synthesized role in the trust table', () => {
      for (const role of roles) {
        const environment = environments.find((e) => role.name.endsWith(`-${e}`));
        const generic = (text: string) => (environment ? text.replace(new RegExp(`\\b${environment}\\b`, 'g'), '<env>') : text).replace(`${project.namePrefix}-`, '<prefix>-');
        const row = tableRow(generic(role.name));
        expect(row, `no table row for ${generic(role.name)}`).to.be.a('string');
        const statement = JSON.parse(role.assumeRolePolicy).Statement[0];
        const subjects: string[] = [statement.Condition.StringEquals?.['token.actions.githubusercontent.com:sub'] ?? statement.Condition.StringLike['token.actions.githubusercontent.com:sub']].flat();
        for (const subject of subjects) {
          const abbreviated = generic(subject.replace(`${settings.repository}/.github/workflows`, 'W').replace(`repo:${settings.repository}`, 'R')).replace(`@refs/heads/${settings.defaultBranch}`, '@refs/heads/main');
          expect(row, role.name).to.contain(`\`${abbreviated}\``);
        }
      }
    });

    it("sets main's ruleset up with an empty bypass list (the old docs had the workflow token bypass it)", () => {
      const text = docs.replace(/\s+/g, ' ');
      expect(text).to.not.match(/add "GitHub Actions" to the ruleset's bypass list/i);
      expect(text).to.contain('**bypass list empty**');
    });
  });

  describe('the jobs of the generated workflows', () => {
    it('every job that can get an OIDC token is modelled, with the contexts the trust model gives it', () => {
      const modelled = [...new Set(jobs.map((p) => `${p.workflow} ${p.job}`))].sort();
      expect(modelled).to.deep.equal(
        ['apply.yml apply', 'chatbot-image.yml image', 'drift.yml detect', 'lifecycle.yml artifact', 'lifecycle.yml deploy-image', 'lifecycle.yml destroy', 'lifecycle.yml expiry', 'lifecycle.yml up', 'plan.yml plan', 'plan.yml plan-command'].sort(),
      );
      expect(contextsOf('plan.yml', 'plan')).to.deep.equal(['pull_request']);
      expect(contextsOf('plan.yml', 'plan-command')).to.deep.equal([`environment:${PLAN_ENVIRONMENT}`]);
      expect(contextsOf('drift.yml', 'detect')).to.deep.equal([`environment:${PLAN_ENVIRONMENT}`]);
      // The hourly ttl check reads cluster tags with the read-only plan role (lifecycle.yml, schedule only).
      expect(contextsOf('lifecycle.yml', 'expiry')).to.deep.equal([`environment:${PLAN_ENVIRONMENT}`]);
      expect(contextsOf('apply.yml', 'apply')).to.deep.equal(envContexts(environments));
      for (const job of ['up', 'destroy', 'artifact', 'deploy-image']) expect(contextsOf('lifecycle.yml', job), job).to.deep.equal(envContexts(environments));
      expect(contextsOf('chatbot-image.yml', 'image')).to.deep.equal(['environment:dev']);
    });

    it('knows which jobs run pull-request code (so the rule below is not vacuous)', () => {
      const prCode = [...new Set(jobs.filter((p) => p.runsPullRequestCode).map((p) => `${p.workflow} ${p.job}`))].sort();
      expect(prCode).to.deep.equal(['plan.yml plan', 'plan.yml plan-command']);
    });

    it('no workflow that assumes a role can be called by another (workflow_call) or started by another run', () => {
      for (const workflow of workflows) {
        expect(Object.keys(workflow.on), workflow.file).to.not.include.members(['workflow_call', 'workflow_run', 'pull_request_target', 'repository_dispatch']);
      }
    });

    it('the synthesized roles are exactly plan, and apply and image per environment', () => {
      expect(roleSetViolations(roles, rules)).to.deep.equal([]);
    });

    it('each job reaches the role it assumes with every subject it can present, and no role it may not', () => {
      expect(jobViolations(roles, jobs, rules)).to.deep.equal([]);
    });

    it('jobs that check out or run pull-request code reach the plan role and nothing else', () => {
      const reached = jobs.filter((p) => p.runsPullRequestCode).flatMap((p) => rolesReached(roles, p.subject));
      expect([...new Set(reached)]).to.deep.equal([rules.planRole]);
    });

    for (const environment of environments) {
      it(`the deploy and image roles of ${environment} are reached only from ${environment} jobs of their workflows on ${settings.defaultBranch}`, () => {
        const scoped = [[rules.applyRole(environment), DEPLOY_ROLE_WORKFLOWS], [rules.imageRole(environment), IMAGE_ROLE_WORKFLOWS]] as const;
        for (const [role, allowed] of scoped) {
          const reachers = jobs.filter((p) => rolesReached(roles, p.subject).includes(role));
          expect(reachers, `nothing reaches ${role}`).to.not.be.empty;
          for (const p of reachers) {
            expect(p.environment, p.where).to.equal(environment);
            expect(allowed, p.where).to.include(p.workflow);
            expect(p.gitRef, p.where).to.equal(`refs/heads/${settings.defaultBranch}`);
          }
        }
      });
    }
  });

  describe('everything else that could present a subject', () => {
    it('unreviewed code (any workflow file, any environment, pull request, branch or tag) reaches the plan role at most', () => {
      expect(attackers.length).to.be.greaterThan(100);
      expect(attackerViolations(roles, attackers, rules)).to.deep.equal([]);
    });

    it(`on ${settings.defaultBranch}, only the named workflows in their environment reach a deploy or image role, and no ref: context reaches any role`, () => {
      expect(defaultBranchViolations(roles, probes, rules)).to.deep.equal([]);
      const refSubjects = [...jobs, ...attackers, ...probes].filter((p) => p.context.startsWith('ref:refs/heads/'));
      expect(refSubjects).to.not.be.empty;
      for (const p of refSubjects) expect(rolesReached(roles, p.subject), p.subject).to.deep.equal([]);
    });
  });

  describe('fixtures the checker must fail on (so the checks above can fail)', () => {
    const input = (r: CiRole[], extraJobs: Presentation[] = []) => ({
      roles: r,
      presentations: [...jobs, ...extraJobs],
      attackers,
      defaultBranchProbes: probes,
    });
    const apply = (env: string) => rules.applyRole(env);

    it('a deploy role trusting environment:dev with a wildcard workflow ref', () => {
      const fixture = withTrust(apply('dev'), [`${repo}:environment:dev:job_workflow_ref:${settings.repository}/.github/workflows/*`]);
      const violations = trustViolations(input(fixture), rules);
      expect(violations.some((v) => v.startsWith('attacker:') && v.includes(`unreviewed code reaches ${apply('dev')}`) && v.includes('@refs/pull/7/merge'))).to.equal(true);
      expect(violations.some((v) => v.includes(`plan.yml@refs/heads/${settings.defaultBranch} in environment dev`))).to.equal(true);
    });

    it("a deploy role trusting a bare environment (the old design, under GitHub's default subject)", () => {
      const violations = trustViolations(input(withTrust(apply('dev'), [`${repo}:environment:dev`], 'StringEquals')), rules);
      expect(violations).to.include(`attacker (default subject, no template): any job with context environment:dev: unreviewed code reaches ${apply('dev')} (${repo}:environment:dev)`);
    });

    it('a deploy role trusting the default branch (the old design: what /plan on issue_comment presented)', () => {
      const fixture = withTrust(apply('prod'), [`${repo}:ref:refs/heads/${settings.defaultBranch}:*`]);
      const violations = trustViolations(input(fixture), rules);
      expect(violations.some((v) => v.includes(`a ref:refs/heads/${settings.defaultBranch} context reaches ${apply('prod')}`))).to.equal(true);
    });

    it("dev's deploy role trusting prod's subject", () => {
      const prodSubject = renderSubject(settings.repository, 'environment:prod', 'apply.yml', `refs/heads/${settings.defaultBranch}`);
      const violations = trustViolations(input(withTrust(apply('dev'), [prodSubject], 'StringEquals')), rules);
      expect(violations.some((v) => v.startsWith('apply.yml apply (issue_comment, environment prod)') && v.includes('context environment:prod, not environment:dev'))).to.equal(true);
      expect(violations.some((v) => v.startsWith('apply.yml apply (issue_comment, environment dev)') && v.includes('(the job would fail)'))).to.equal(true);
    });

    it('a plan role trusting every subject of the repository', () => {
      const violations = trustViolations(input(withTrust(rules.planRole, [`${repo}:*`])), rules);
      expect(violations.some((v) => v.startsWith('attacker:') && v.includes(`a ref:refs/heads/feature/x context reaches ${rules.planRole}`))).to.equal(true);
    });

    it('an image role trusting a deploy workflow', () => {
      const subject = renderSubject(settings.repository, 'environment:dev', 'apply.yml', `refs/heads/${settings.defaultBranch}`);
      const violations = trustViolations(input(withTrust(rules.imageRole('dev'), [subject], 'StringEquals')), rules);
      expect(violations.some((v) => v.includes(`workflow apply.yml, not one of ${IMAGE_ROLE_WORKFLOWS.join(', ')}`))).to.equal(true);
    });

    it('a role GitHub can assume that the trust model does not know, and a role that is missing', () => {
      const stray = withTrust('qa-github-stray', [`${repo}:environment:plan:*`]);
      const missing = roles.filter((r) => r.name !== rules.imageRole('prod'));
      expect(roleSetViolations(stray, rules)).to.deep.equal(["role qa-github-stray trusts GitHub's OIDC provider but is no role of the trust model"]);
      expect(roleSetViolations(missing, rules)).to.deep.equal([`role ${rules.imageRole('prod')} is not synthesized`]);
    });

    it('a job that runs pull-request code in the dev environment (a plan job given the deploy role)', () => {
      const plan = loadWorkflow('plan.yml');
      const edited: Workflow = { ...plan, jobs: { ...plan.jobs, plan: { ...plan.jobs.plan, environment: 'dev' } } };
      const extra = presentations([edited], model).filter((p) => p.job === 'plan');
      const fixture = withTrust(apply('dev'), [renderSubject(settings.repository, 'environment:dev', 'plan.yml', 'refs/pull/7/merge')], 'StringEquals');
      const violations = trustViolations(input(fixture, extra), rules);
      expect(violations.some((v) => v.startsWith('plan.yml plan (pull_request, environment dev): runs pull-request code and reaches'))).to.equal(true);
    });
  });
});
