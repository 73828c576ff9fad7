/**
 * Test support: the trust matrix. Every subject a job or an attacker can present, against every
 * role GitHub Actions can assume, and the rules the result must follow (docs/ci-workflows.md,
 * "Trust model"). `trustViolations` returns what breaks them, one line each, so a failing test
 * says which subject reached which role, and why that is wrong.
 */
import type { Probe } from './attacker-subjects';
import type { CiRole } from './ci-roles';
import type { Presentation } from './job-subjects';
import { STS_AUDIENCE, trustPolicyAllows } from './trust-policy';

/** Which role is which, and which default-branch workflows each per-environment role admits. */
export interface TrustRules {
  readonly defaultBranch: string;
  readonly planRole: string;
  /** Deploy role name of an environment. */
  readonly applyRole: (environment: string) => string;
  /** Image-push role name of an environment. */
  readonly imageRole: (environment: string) => string;
  readonly environments: readonly string[];
  /** Workflow files allowed the deploy roles (in their own environment, on the default branch). */
  readonly deployWorkflows: readonly string[];
  /** Workflow files allowed the image roles (likewise). */
  readonly imageWorkflows: readonly string[];
}

/** What the matrix evaluates. */
export interface TrustMatrixInput {
  readonly roles: readonly CiRole[];
  readonly presentations: readonly Presentation[];
  /** Subjects of unreviewed code: may reach the plan role at most. */
  readonly attackers: readonly Probe[];
  /** Default-branch subjects of any workflow file and environment. */
  readonly defaultBranchProbes: readonly Probe[];
}

/** A per-environment role's environment and the workflows it admits, or undefined. */
function scopedRole(rules: TrustRules, roleName: string): { environment: string; workflows: readonly string[]; kind: string } | undefined {
  for (const environment of rules.environments) {
    if (roleName === rules.applyRole(environment)) return { environment, workflows: rules.deployWorkflows, kind: 'deploy' };
    if (roleName === rules.imageRole(environment)) return { environment, workflows: rules.imageWorkflows, kind: 'image' };
  }
  return undefined;
}

/** Role names whose trust policy admits `subject` (audience sts.amazonaws.com unless given). */
export function rolesReached(roles: readonly CiRole[], subject: string, audience: string = STS_AUDIENCE): string[] {
  return roles.filter((r) => trustPolicyAllows(r.assumeRolePolicy, { sub: subject, aud: audience })).map((r) => r.name);
}

/**
 * Why a subject may not reach `role`, or undefined when it may. Shared by the jobs and the
 * probes: a per-environment role only from its environment, in one of its workflows, at the
 * default branch; no role from a `ref:` context (anything on that ref could present it).
 */
function refusal(rules: TrustRules, role: string, subject: { context: string; workflow: string; gitRef: string }): string | undefined {
  if (subject.context.startsWith('ref:')) return `a ${subject.context} context reaches ${role}: any job on that ref without an environment could present it`;
  if (role === rules.planRole) return undefined;
  const scoped = scopedRole(rules, role);
  if (scoped === undefined) return `${role} is not a role the trust model knows (plan, apply-<env>, image-<env>)`;
  const problems = [
    ...(subject.context === `environment:${scoped.environment}` ? [] : [`context ${subject.context}, not environment:${scoped.environment}`]),
    ...(scoped.workflows.includes(subject.workflow) ? [] : [`workflow ${subject.workflow}, not one of ${scoped.workflows.join(', ')}`]),
    ...(subject.gitRef === `refs/heads/${rules.defaultBranch}` ? [] : [`ref ${subject.gitRef}, not the default branch`]),
  ];
  return problems.length === 0 ? undefined : `the ${scoped.kind} role ${role} is reached with ${problems.join('; ')}`;
}

const roleName = (arn: string) => arn.split(':role/')[1] ?? arn;

/** The roles are exactly the trust model's: plan, and apply/image per environment. */
export function roleSetViolations(roles: readonly CiRole[], rules: TrustRules): string[] {
  const known = new Set([rules.planRole, ...rules.environments.flatMap((e) => [rules.applyRole(e), rules.imageRole(e)])]);
  const names = new Set(roles.map((r) => r.name));
  return [
    ...roles.filter((r) => !known.has(r.name)).map((r) => `role ${r.name} trusts GitHub's OIDC provider but is no role of the trust model`),
    ...[...known].filter((n) => !names.has(n)).map((n) => `role ${n} is not synthesized`),
  ];
}

/**
 * The jobs of the generated workflows: each reaches the roles it assumes, with every subject it
 * can present; a job running pull-request code reaches the plan role only; every role reached is
 * one its subject may reach.
 */
export function jobViolations(roles: readonly CiRole[], presentations: readonly Presentation[], rules: TrustRules): string[] {
  const violations: string[] = [];
  for (const p of presentations) {
    if (p.audience !== STS_AUDIENCE) violations.push(`${p.where}: asks for audience ${p.audience}, not ${STS_AUDIENCE}`);
    const reached = rolesReached(roles, p.subject, p.audience);
    for (const arn of p.assumes) {
      if (!reached.includes(roleName(arn))) violations.push(`${p.where}: assumes ${roleName(arn)}, which does not trust ${p.subject} (the job would fail)`);
    }
    for (const role of reached) {
      if (p.runsPullRequestCode && role !== rules.planRole) violations.push(`${p.where}: runs pull-request code and reaches ${role} (${p.subject})`);
      const why = refusal(rules, role, p);
      if (why) violations.push(`${p.where}: ${why} (${p.subject})`);
    }
  }
  return violations;
}

/** Unreviewed code reaches the plan role at most, and never through a `ref:` context. */
export function attackerViolations(roles: readonly CiRole[], attackers: readonly Probe[], rules: TrustRules): string[] {
  return attackers.flatMap((probe) =>
    rolesReached(roles, probe.subject).flatMap((role) => {
      if (role !== rules.planRole) return [`${probe.where}: unreviewed code reaches ${role} (${probe.subject})`];
      const why = refusal(rules, role, probe);
      return why ? [`${probe.where}: ${why} (${probe.subject})`] : [];
    }),
  );
}

/** Default-branch subjects of any workflow and environment reach only what the rules allow. */
export function defaultBranchViolations(roles: readonly CiRole[], probes: readonly Probe[], rules: TrustRules): string[] {
  return probes.flatMap((probe) =>
    rolesReached(roles, probe.subject).flatMap((role) => {
      const why = refusal(rules, role, probe);
      return why ? [`${probe.where}: ${why} (${probe.subject})`] : [];
    }),
  );
}

/** Every broken rule of the trust model, one line each (empty when the matrix is sound). */
export function trustViolations(input: TrustMatrixInput, rules: TrustRules): string[] {
  const { roles } = input;
  return [
    ...new Set([
      ...roleSetViolations(roles, rules),
      ...jobViolations(roles, input.presentations, rules),
      ...attackerViolations(roles, input.attackers, rules),
      ...defaultBranchViolations(roles, input.defaultBranchProbes, rules),
    ]),
  ];
}
