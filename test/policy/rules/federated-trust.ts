/**
 * Rules for web-identity trust: GitHub Actions (CI roles) and Kubernetes service accounts (IRSA).
 * A federated trust without exact conditions lets any repository on GitHub, or any pod of the
 * cluster, assume the role.
 */
import { conditionsOf, isAllow, policyDocuments, principalsOf, statementLabel, type Statement } from '../iam-documents';
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { referencedIds, resources, strings } from '../terraform-json';

const GITHUB_HOST = 'token.actions.githubusercontent.com';
const STS_AUDIENCE = 'sts.amazonaws.com';

/** Logical ids of the stack's OIDC providers for GitHub Actions. */
function githubProviderIds(stack: StackUnderTest): Set<string> {
  return new Set(
    resources(stack.json, 'aws_iam_openid_connect_provider')
      .filter((p) => String(p.attrs.url ?? '').includes(GITHUB_HOST))
      .map((p) => p.logicalId),
  );
}

function isGithubTrust(st: Statement, githubProviders: Set<string>): boolean {
  const federated = principalsOf(st, 'Federated');
  if (federated.some((f) => f.includes(GITHUB_HOST))) return true;
  if ([...referencedIds(federated, 'aws_iam_openid_connect_provider')].some((id) => githubProviders.has(id))) return true;
  return conditionsOf(st).some((c) => c.key.startsWith(GITHUB_HOST));
}

function isWebIdentity(st: Statement): boolean {
  return principalsOf(st, 'Federated').length > 0 || strings(st.Action).some((a) => a.toLowerCase() === 'sts:assumerolewithwebidentity');
}

/** Every Allow statement of every trust policy, with what a rule needs to report on it. */
function trustStatements(stack: StackUnderTest): Array<{ address: string; st: Statement; label: string }> {
  return policyDocuments(stack.json)
    .filter((d) => d.kind === 'trust')
    .flatMap((d) => (d.statements ?? []).map((st, i) => ({ address: d.address, st, label: statementLabel(st, i) })))
    .filter(({ st }) => isAllow(st));
}

/** `repo:<owner>/<repo>:...` with no wildcard in owner or repo. */
const GITHUB_SUBJECT = /^repo:[A-Za-z0-9-]+\/[A-Za-z0-9._-]+:/;

function githubTrustProblems(st: Statement): string[] {
  const problems: string[] = [];
  const conditions = conditionsOf(st);
  const aud = conditions.filter((c) => c.key === `${GITHUB_HOST}:aud`);
  if (aud.length === 0 || aud.some((c) => c.operator !== 'StringEquals' || c.values.length !== 1 || c.values[0] !== STS_AUDIENCE)) {
    problems.push(`must require StringEquals "${GITHUB_HOST}:aud" = "${STS_AUDIENCE}"`);
  }
  const sub = conditions.filter((c) => c.key === `${GITHUB_HOST}:sub`);
  if (sub.length === 0) problems.push(`has no "${GITHUB_HOST}:sub" condition, so any GitHub repository may assume the role`);
  for (const value of sub.flatMap((c) => c.values)) {
    if (!GITHUB_SUBJECT.test(value)) problems.push(`allows subject "${value}", which does not name one repository (repo:<owner>/<repo>:...)`);
  }
  return problems;
}

export const githubOidcTrust: PolicyRule = {
  id: 'iam-github-oidc-trust-scoped',
  description: 'GitHub Actions trust requires aud = sts.amazonaws.com (StringEquals) and subjects repo:<owner>/<repo>:... without wildcards in owner/repo',
  check: (stack) => {
    const github = githubProviderIds(stack);
    return trustStatements(stack)
      .filter(({ st }) => isGithubTrust(st, github))
      .flatMap(({ address, st, label }) =>
        githubTrustProblems(st).map((p) => violation(githubOidcTrust.id, address, `GitHub OIDC trust ${label} ${p}`)),
      );
  },
};

/**
 * The context of a GitHub subject (what follows `repo:<owner>/<repo>:`) when it is, or could match,
 * a branch or tag: `ref:...`, or a pattern that starts with a wildcard.
 */
function refContext(subject: string): boolean {
  const context = subject.replace(/^repo:[^:]*:/, '');
  return context.startsWith('ref:') || /^[*?]/.test(context) || !/^repo:[^:]*:/.test(subject);
}

export const githubTrustNoRefSubject: PolicyRule = {
  id: 'iam-github-trust-no-ref-subject',
  description:
    'No GitHub OIDC trust accepts a branch or tag subject (repo:<owner>/<repo>:ref:..., or a pattern that could match one): any writer can push a branch and run its own workflow there; roles answer to pull_request or a GitHub environment',
  check: (stack) => {
    const github = githubProviderIds(stack);
    return trustStatements(stack)
      .filter(({ st }) => isGithubTrust(st, github))
      .flatMap(({ address, st, label }) =>
        conditionsOf(st)
          .filter((c) => c.key === `${GITHUB_HOST}:sub`)
          .flatMap((c) => c.values)
          .filter(refContext)
          .map((subject) => violation(githubTrustNoRefSubject.id, address, `GitHub OIDC trust ${label} accepts "${subject}", a branch or tag subject`)),
      );
  },
};

/** `system:serviceaccount:<namespace>:<name>` naming one service account. */
const SERVICE_ACCOUNT_SUBJECT = /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;

function irsaTrustProblems(st: Statement): string[] {
  const conditions = conditionsOf(st);
  const sub = conditions.filter((c) => c.key.endsWith(':sub'));
  const aud = conditions.filter((c) => c.key.endsWith(':aud'));
  if (sub.length === 0) return ['has no ":sub" condition, so every service account of the cluster may assume the role'];
  const problems: string[] = [];
  if (sub.some((c) => c.operator !== 'StringEquals')) problems.push(`must match ":sub" with StringEquals (found ${sub.map((c) => c.operator).join(', ')})`);
  const subjects = sub.flatMap((c) => c.values);
  if (subjects.length !== 1 || !SERVICE_ACCOUNT_SUBJECT.test(subjects[0])) {
    problems.push(`":sub" must name exactly one service account (system:serviceaccount:<namespace>:<name>), found ${JSON.stringify(subjects)}`);
  }
  if (aud.length === 0 || aud.some((c) => c.operator !== 'StringEquals' || c.values.length !== 1 || c.values[0] !== STS_AUDIENCE)) {
    problems.push(`must require StringEquals ":aud" = "${STS_AUDIENCE}"`);
  }
  return problems;
}

export const irsaTrust: PolicyRule = {
  id: 'iam-irsa-trust-exact-service-account',
  description: 'IRSA (and any other web-identity) trust uses StringEquals on both :sub and :aud, and :sub names one exact service account',
  check: (stack) => {
    const github = githubProviderIds(stack);
    const found: Violation[] = [];
    for (const { address, st, label } of trustStatements(stack)) {
      if (isGithubTrust(st, github)) continue;
      const namesServiceAccount = conditionsOf(st).some((c) => c.key.endsWith(':sub') && c.values.some((v) => v.startsWith('system:serviceaccount:')));
      if (!namesServiceAccount && !isWebIdentity(st)) continue;
      found.push(...irsaTrustProblems(st).map((p) => violation(irsaTrust.id, address, `web-identity trust ${label} ${p}`)));
    }
    return found;
  },
};

export const FEDERATED_TRUST_RULES: readonly PolicyRule[] = [githubOidcTrust, githubTrustNoRefSubject, irsaTrust];
