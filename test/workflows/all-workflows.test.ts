import { expect } from 'chai';
import { assumesRole, allWorkflows, stepsOf, stepsUsing, workflowFileNames, writeScopes, type WorkflowStep } from './workflow-files';
import { PINNED_ACTIONS } from '../../projenrc/workflows/pinned-actions';
import { CDKTF_NATIVE_BUILD } from '../../projenrc/workflows/workflow-steps';

const workflows = allWorkflows();
const everyJob = workflows.flatMap((w) => Object.entries(w.jobs).map(([id, job]) => ({ where: `${w.file} ${id}`, workflow: w, job })));

describe('.github/workflows: rules every workflow follows', () => {
  it('has the generated CI workflows', () => {
    expect(workflowFileNames()).to.include.members(['apply.yml', 'build.yml', 'chatbot-image.yml', 'drift.yml', 'lifecycle.yml', 'plan.yml']);
  });

  it('pins every action by a full commit SHA, and only to the SHAs in PINNED_ACTIONS', () => {
    const pinned = new Set<string>(Object.values(PINNED_ACTIONS));
    for (const { where, job } of everyJob) {
      for (const step of stepsOf(job).filter((s) => s.uses)) {
        expect(step.uses, `${where}: ${step.name}`).to.match(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        expect(pinned.has(step.uses!), `${where}: ${step.uses} is not in PINNED_ACTIONS`).to.equal(true);
      }
    }
    for (const action of Object.values(PINNED_ACTIONS)) expect(action).to.match(/@[0-9a-f]{40}$/);
  });

  it('never uses long-lived AWS keys or repository secrets', () => {
    for (const workflow of workflows) {
      expect(workflow.text, workflow.file).to.not.match(/aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AWS_SESSION_TOKEN/);
      expect(workflow.text, workflow.file).to.not.match(/\$\{\{\s*secrets\./);
    }
  });

  it('grants no token scope at workflow level, and every job names its own', () => {
    for (const workflow of workflows) {
      const scopes = Object.values(workflow.permissions ?? { missing: 'write' });
      expect(scopes, `${workflow.file}: workflow permissions`).to.not.be.empty;
      expect(scopes.every((level) => level === 'none'), `${workflow.file}: workflow permissions must all be none`).to.equal(true);
    }
    for (const { where, job } of everyJob) expect(job.permissions, where).to.be.an('object');
  });

  it('asks for id-token: write exactly in the jobs that assume an AWS role', () => {
    for (const { where, job } of everyJob) {
      expect(job.permissions?.['id-token'] === 'write', where).to.equal(assumesRole(job));
    }
    expect(everyJob.filter(({ job }) => assumesRole(job))).to.have.length.greaterThan(5);
  });

  it('never gives one job both cloud credentials and a repository write token', () => {
    for (const { where, job } of everyJob) {
      if (assumesRole(job)) expect(writeScopes(job), where).to.deep.equal([]);
    }
  });

  it('sets workflow concurrency with a literal prefix (never github.workflow), and a timeout on every job', () => {
    for (const workflow of workflows) {
      expect(workflow.concurrency?.group, workflow.file).to.match(/^[a-z][a-z-]*[a-z](-\$\{\{|$)/);
      expect(workflow.concurrency?.group, workflow.file).to.not.contain('github.workflow');
      expect(workflow.concurrency?.['cancel-in-progress'], workflow.file).to.be.a('boolean');
    }
    for (const { where, job } of everyJob) {
      expect(job['timeout-minutes'], where).to.be.a('number').within(1, 180);
      if (job.concurrency) expect(job.concurrency.group, where).to.not.contain('github.workflow');
    }
  });

  it('never expands an expression inside a run script: event values reach scripts through env only', () => {
    for (const { where, job } of everyJob) {
      for (const step of stepsOf(job).filter((s) => s.run)) {
        expect(step.run, `${where}: ${step.name}`).to.not.contain('${{');
      }
    }
  });

  it('passes untrusted event text (comment bodies, titles, head refs) to no place but env', () => {
    const untrusted = /github\.event\.(comment\.body|issue\.title|issue\.body|pull_request\.title|pull_request\.body|pull_request\.head\.ref)|github\.head_ref/;
    for (const { where, job } of everyJob) {
      for (const step of stepsOf(job)) {
        const { env, ...rest } = step;
        expect(JSON.stringify(rest), `${where}: ${step.name}`).to.not.match(untrusted);
        void env;
      }
      expect(JSON.stringify(job.env ?? {}), where).to.not.match(untrusted);
    }
  });

  it('runs Terraform without the wrapper (it hides exit codes) and without version checks', () => {
    for (const { where, job } of everyJob) {
      for (const step of stepsUsing(job, 'hashicorp/setup-terraform')) expect(step.with?.terraform_wrapper, where).to.equal(false);
      if (stepsUsing(job, 'hashicorp/setup-terraform').length > 0) expect(job.env?.CHECKPOINT_DISABLE, where).to.equal('1');
    }
  });

  it('keeps the checkout token out of git config in every job (the one push gets it for that step only)', () => {
    const checkouts = everyJob.flatMap(({ where, job }) => stepsUsing(job, 'actions/checkout').map((step) => ({ where, step })));
    expect(checkouts).to.not.be.empty;
    for (const { where, step } of checkouts) expect(step.with?.['persist-credentials'], where).to.equal(false);
  });

  it('installs with npm ci --ignore-scripts everywhere; the only install script runs in a step named for it', () => {
    const runs = everyJob.flatMap(({ where, job }) => stepsOf(job).filter((s) => s.run).map((step) => ({ where: `${where}: ${step.name}`, step, lines: step.run!.split('\n') })));
    const installs = runs.flatMap(({ where, lines }) => lines.filter((l) => /\bnpm (ci|install|i|rebuild)\b/.test(l)).map((line) => ({ where, line })));
    expect(installs).to.not.be.empty;
    for (const { where, line } of installs) {
      expect(line, where).to.match(/^npm ci (--prefix chatbot )?--ignore-scripts --no-audit --no-fund$/);
    }
    for (const { where, step } of runs.filter((r) => r.step.run!.includes(CDKTF_NATIVE_BUILD))) {
      expect(step.name, where).to.match(/^Finish the install \(.*cdktf native module: the one install script\)$/);
    }
    expect(runs.some(({ step }) => step.run === CDKTF_NATIVE_BUILD)).to.equal(true);
  });

  it('hands the workflow token to the steps that call GitHub, never to a whole job', () => {
    for (const { where, job } of everyJob) expect(JSON.stringify(job.env ?? {}), where).to.not.contain('github.token');
    const holders = everyJob.flatMap(({ job }) => stepsOf(job).filter((s) => JSON.stringify(s.env ?? {}).includes('github.token')));
    expect(holders).to.not.be.empty;
  });

  it('installs, builds and synthesizes before a job assumes a role, and never with a token in the step', () => {
    const installing = (s: WorkflowStep) => Boolean(s.run && /npm ci|ensure-pty|projen synth/.test(s.run));
    for (const { where, job } of everyJob) {
      const steps = stepsOf(job);
      for (const step of steps.filter(installing)) {
        expect(JSON.stringify(step.env ?? {}), `${where}: ${step.name}`).to.not.match(/github\.token|secrets\./);
      }
      const role = steps.findIndex((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      if (role === -1) continue;
      const lastInstall = steps.map(installing).lastIndexOf(true);
      expect(lastInstall, `${where}: install or synth after the role is assumed`).to.be.lessThan(role);
    }
  });

  it('restores no dependency cache in jobs holding cloud credentials or write tokens (cache poisoning)', () => {
    for (const { where, job } of everyJob) {
      if (!assumesRole(job) && writeScopes(job).length === 0) continue;
      for (const step of stepsUsing(job, 'actions/setup-node')) {
        expect(step.with?.cache, where).to.equal(undefined);
        expect(step.with?.['package-manager-cache'], where).to.equal(false);
      }
      expect(stepsUsing(job, 'actions/cache'), where).to.deep.equal([]);
      for (const step of stepsUsing(job, 'docker/build-push-action')) {
        expect(`${step.with?.['cache-from'] ?? ''} ${step.with?.['cache-to'] ?? ''}`, where).to.not.contain('type=gha');
      }
    }
  });
});
