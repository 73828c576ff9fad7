/**
 * The CI roles' trust model and the plan role's reach (docs/ci-workflows.md, "Trust model"): the
 * plan role is the one role pull-request code can hold, so it reads no secret and no old state;
 * each deploy and image role answers to its own GitHub environment only, on the default branch.
 */
import { ciRoleName } from '../../../modules/shared/naming';
import { globMatches } from '../glob';
import { actionsOf, conditionsOf, isAllow, policyDocuments, statementLabel, type Statement } from '../iam-documents';
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { policiesOfRole, rolesNamed } from '../role-policies';
import { strings } from '../terraform-json';

const GITHUB_SUB = 'token.actions.githubusercontent.com:sub';
/** `-github-plan`: the plan role's name after the project prefix. */
const PLAN_ROLE = new RegExp(`${ciRoleName('', 'plan')}$`);
/** `<prefix>-github-apply-<env>` / `<prefix>-github-image-<env>`, capturing the environment. */
const ENVIRONMENT_ROLE = new RegExp(`${ciRoleName('', 'apply', '(?<env>[a-z0-9]+)')}$|${ciRoleName('', 'image', '(?<imageEnv>[a-z0-9]+)')}$`);

/** Every Allow statement of the plan role's policies, with what a violation needs. */
interface AllowInDocument {
  readonly address: string;
  readonly attribute: string;
  readonly st: Statement;
  readonly label: string;
}

function planRoleAllows(stack: StackUnderTest): AllowInDocument[] {
  return rolesNamed(stack.json, PLAN_ROLE).flatMap((role) =>
    policiesOfRole(stack.json, role).flatMap((doc) =>
      (doc.statements ?? [])
        .map((st, i) => ({ address: doc.address, attribute: doc.attribute, st, label: statementLabel(st, i) }))
        .filter(({ st }) => isAllow(st)),
    ),
  );
}

const covers = (st: Statement, action: string) => actionsOf(st).some((a) => globMatches(a, action, true));

export const planRoleDecryptsStateOnly: PolicyRule = {
  id: 'ci-plan-role-decrypts-state-only',
  description:
    'The CI plan role has no kms:Decrypt but the one S3 needs to read state: kms:ViaService s3.<region>.amazonaws.com and kms:EncryptionContext:aws:s3:arn naming one bucket (no SSM SecureString, no direct decrypt)',
  check: (stack) =>
    planRoleAllows(stack)
      .filter(({ st }) => covers(st, 'kms:Decrypt'))
      .flatMap(({ address, attribute, st, label }) => {
        const conditions = conditionsOf(st);
        const via = conditions.filter((c) => c.key === 'kms:ViaService');
        const context = conditions.filter((c) => c.key === 'kms:EncryptionContext:aws:s3:arn');
        const throughS3 = via.length > 0 && via.every((c) => c.operator === 'StringEquals' && c.values.every((v) => /^s3\.[a-z0-9-]+\.amazonaws\.com$/.test(v)));
        const oneBucket = context.length > 0 && context.every((c) => ['StringEquals', 'ArnEquals'].includes(c.operator) && c.values.every((v) => !/[*?]/.test(v)));
        return throughS3 && oneBucket
          ? []
          : [violation(planRoleDecryptsStateOnly.id, address, `${attribute} ${label} gives the plan role kms:Decrypt beyond reading state through S3; pull-request code holds this role`)];
      }),
};

/** S3 object reads that return an old version (or its metadata): the plan role never needs one. */
const VERSION_READS = ['s3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:GetObjectVersionAttributes', 's3:GetObjectVersionTagging', 's3:GetObjectVersionTorrent', 's3:GetObjectVersionForReplication'];
/** S3 reads of current objects. */
const OBJECT_READS = ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectAttributes', 's3:GetObjectTagging', 's3:GetObjectTorrent', 's3:GetObjectLegalHold', 's3:GetObjectRetention'];

export const planRoleReadsStateObjectsOnly: PolicyRule = {
  id: 'ci-plan-role-reads-state-objects-only',
  description: 'The CI plan role reads no S3 object but named state objects (<bucket>/<stack>/terraform.tfstate, no wildcard), and no object version at all',
  check: (stack) =>
    planRoleAllows(stack).flatMap(({ address, attribute, st, label }) => {
      const found: Violation[] = [];
      const versions = VERSION_READS.filter((a) => covers(st, a));
      if (versions.length > 0) found.push(violation(planRoleReadsStateObjectsOnly.id, address, `${attribute} ${label} allows ${versions.join(', ')}: old states may hold values since rotated away`));
      if (OBJECT_READS.some((a) => covers(st, a))) {
        const others = strings(st.Resource).filter((r) => /[*?]/.test(r.replace(/\$\{[^}]*\}/g, '')) || !r.endsWith('/terraform.tfstate'));
        if (others.length > 0) found.push(violation(planRoleReadsStateObjectsOnly.id, address, `${attribute} ${label} reads objects of ${others.join(', ')}; the plan role may read state objects only`));
      }
      return found;
    }),
};

/** `repo:<owner>/<repo>:<context>...` → the context and the rest of the subject. */
function contextOf(subject: string): string {
  return subject.replace(/^repo:[^:]+:/, '');
}

export const environmentRolesTrustOwnEnvironment: PolicyRule = {
  id: 'ci-environment-roles-trust-own-environment',
  description:
    'A deploy or image role (<prefix>-github-apply|image-<env>) trusts exact subjects only (StringEquals), each its own GitHub environment and a workflow of a branch: environment:<env>:job_workflow_ref:<repo>/.github/workflows/<file>@refs/heads/<branch>',
  check: (stack) =>
    rolesNamed(stack.json, ENVIRONMENT_ROLE).flatMap((role) => {
      const match = ENVIRONMENT_ROLE.exec(String(role.attrs.name));
      const environment = match?.groups?.env ?? match?.groups?.imageEnv ?? '';
      const own = new RegExp(`^environment:${environment}:job_workflow_ref:[^:@*?]+/\\.github/workflows/[^/@*?]+@refs/heads/[^*?]+$`);
      const trust = policyDocuments(stack.json).find((d) => d.address === role.address && d.kind === 'trust');
      return (trust?.statements ?? []).filter(isAllow).flatMap((st, i) => {
        const subjects = conditionsOf(st).filter((c) => c.key === GITHUB_SUB);
        const problems: string[] = [];
        if (subjects.length === 0) problems.push('names no subject');
        if (subjects.some((c) => c.operator !== 'StringEquals')) problems.push(`matches subjects with ${subjects.map((c) => c.operator).join(', ')}, not StringEquals`);
        const foreign = subjects.flatMap((c) => c.values).filter((v) => !own.test(contextOf(v)));
        if (foreign.length > 0) problems.push(`trusts ${foreign.join(', ')}, not a default-branch workflow in GitHub environment ${environment}`);
        return problems.map((p) => violation(environmentRolesTrustOwnEnvironment.id, role.address, `trust ${statementLabel(st, i)} ${p}`));
      });
    }),
};

export const CI_ROLE_RULES: readonly PolicyRule[] = [planRoleDecryptsStateOnly, planRoleReadsStateObjectsOnly, environmentRolesTrustOwnEnvironment];
