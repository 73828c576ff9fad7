import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_ISSUER_HOST } from './github-oidc-provider';
import type { GitHubRepository } from '../shared/environment-config';
import { policyJson, type PolicyStatement } from '../shared/policy-document';

/** A customer managed policy to attach: `name` is suffixed to the role name. */
export interface NamedPolicyDocument {
  /** Short kebab-case part of the policy name, e.g. `read`; the policy is `<roleName>-<name>`. */
  readonly name: string;
  /** The policy JSON (see `policyJson`). */
  readonly document: string;
}

/** Managed policies a role may have attached (the default IAM quota). */
export const MAX_ATTACHED_POLICIES = 10;

export interface GitHubCiRoleProps {
  readonly roleName: string;
  /** ARN of the account's GitHub OIDC provider (`GitHubOidcProvider.arn`). */
  readonly oidcProviderArn: string;
  /** The one repository whose workflows may assume the role. */
  readonly github: GitHubRepository;
  /**
   * Exact `sub` claims allowed, e.g. `repo:acme/app:pull_request`. Each must belong to `github`;
   * a `*` after the repository part switches the match to `StringLike`.
   */
  readonly subjects: readonly string[];
  /**
   * Policies attached as customer managed policies rather than inline ones: inline policies share
   * one 10,240-character budget per role, managed ones get 6,144 each.
   */
  readonly policies: readonly NamedPolicyDocument[];
  /**
   * Longest session a workflow may request, in seconds (3600 to 43200).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
  /**
   * Role description shown in the IAM console.
   * @default "Assumed by GitHub Actions of <owner>/<repo>"
   */
  readonly description?: string;
}

const DEFAULTS = {
  maxSessionDurationSeconds: 3600,
} satisfies Partial<GitHubCiRoleProps>;

/** `repo:<owner>/<repo>:` — the prefix every subject of this repository starts with. */
export function repositorySubjectPrefix(github: GitHubRepository): string {
  return `repo:${github.owner}/${github.repo}:`;
}

/** Check subjects name only this repository; returns the problems found (empty when fine). */
export function subjectProblems(github: GitHubRepository, subjects: readonly string[]): string[] {
  const problems: string[] = [];
  for (const part of ['owner', 'repo'] as const) {
    if (/[*?]/.test(github[part])) problems.push(`github.${part} "${github[part]}" contains a wildcard; the trust must name exactly one repository`);
  }
  if (subjects.length === 0) problems.push('subjects is empty; list at least one `sub` claim, e.g. repo:<owner>/<repo>:pull_request');
  const prefix = repositorySubjectPrefix(github);
  for (const subject of subjects) {
    if (!subject.startsWith(prefix) || subject.length === prefix.length) {
      problems.push(`subject "${subject}" does not belong to ${github.owner}/${github.repo}; it must start with "${prefix}" followed by a context such as pull_request`);
    }
  }
  return problems;
}

/** The trust policy: the GitHub OIDC provider, audience STS, and only the listed subjects. */
export function githubTrustStatement(oidcProviderArn: string, subjects: readonly string[]): PolicyStatement {
  const subjectOperator = subjects.some((s) => /[*?]/.test(s)) ? 'StringLike' : 'StringEquals';
  const audience = { [`${GITHUB_OIDC_ISSUER_HOST}:aud`]: GITHUB_OIDC_AUDIENCE };
  const subject = { [`${GITHUB_OIDC_ISSUER_HOST}:sub`]: [...subjects] };
  return {
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition:
      subjectOperator === 'StringEquals'
        ? { StringEquals: { ...audience, ...subject } }
        : { StringEquals: audience, StringLike: subject },
  };
}

/**
 * An IAM role GitHub Actions workflows of one repository assume through OIDC (no stored keys),
 * restricted to exact `sub` claims, with its permissions as customer managed policies.
 */
export class GitHubCiRole extends Construct {
  readonly role: IamRole;
  readonly policies: readonly IamPolicy[];

  constructor(scope: Construct, id: string, props: GitHubCiRoleProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };
    const problems = subjectProblems(resolved.github, resolved.subjects);
    const { maxSessionDurationSeconds: session } = resolved;
    if (!Number.isInteger(session) || session < 3600 || session > 43200) {
      problems.push(`maxSessionDurationSeconds must be a whole number from 3600 to 43200, got ${session}`);
    }
    if (resolved.policies.length > MAX_ATTACHED_POLICIES) {
      problems.push(`${resolved.policies.length} policies exceed the ${MAX_ATTACHED_POLICIES} managed policies IAM attaches to a role; merge some`);
    }
    if (problems.length > 0) throw new Error(`GitHubCiRole ${resolved.roleName}:\n  - ${problems.join('\n  - ')}`);

    this.role = new IamRole(this, 'role', {
      name: resolved.roleName,
      description: resolved.description ?? `Assumed by GitHub Actions of ${resolved.github.owner}/${resolved.github.repo}`,
      maxSessionDuration: session,
      assumeRolePolicy: policyJson(githubTrustStatement(resolved.oidcProviderArn, resolved.subjects)),
    });

    this.policies = resolved.policies.map(({ name, document }) => {
      const policy = new IamPolicy(this, `policy-${name}`, {
        name: `${resolved.roleName}-${name}`,
        description: `${name} permissions of ${resolved.roleName}`,
        policy: document,
      });
      new IamRolePolicyAttachment(this, `attach-${name}`, { role: this.role.name, policyArn: policy.arn });
      return policy;
    });
  }
}
