/**
 * KMS keys and EC2 resources have random ids: a grant on `key/*` or `ec2:...:*` reaches every key
 * or network of the account, other environments' included, unless tags scope it.
 */
import { isPublishedControllerStatement } from './iam';
import { actionsOf, conditionsOf, isAllow, policyDocuments, statementLabel, type Statement } from '../iam-documents';
import { violation, type PolicyRule, type Violation } from '../policy-rule';
import { isPermissionsBoundaryDocument } from '../role-policies';
import { strings } from '../terraform-json';

/** KMS cryptographic use: not a change to any key. */
const KMS_USE = /^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|GenerateMac|VerifyMac|Sign|Verify|GenerateRandom|DeriveSharedSecret)/i;

/** An EC2 or KMS action (pattern) that can change something: not a read, not a key's use. */
export function isKmsOrEc2Mutation(action: string): boolean {
  if (action === '*') return true;
  const [service, verb = ''] = action.toLowerCase().split(':');
  if (service !== 'ec2' && service !== 'kms') return false;
  if (verb === '*' || /^[*?]/.test(verb)) return true;
  if (/^(describe|get|list|search)/.test(verb)) return false;
  return !KMS_USE.test(action);
}

/** Both the Project and the Environment tag required (of the resource, or of the request creating it). */
function tagScoped(st: Statement): boolean {
  const keys = conditionsOf(st)
    .filter((c) => ['StringEquals', 'StringLike'].includes(c.operator) && c.values.length > 0 && c.values.every((v) => !/[*?]/.test(v)))
    .map((c) => c.key.toLowerCase());
  const has = (tag: string) => keys.some((k) => new RegExp(`^(aws|ec2|kms):(resourcetag|requesttag)/${tag}$`).test(k));
  return has('project') && has('environment');
}

/**
 * Scoped to one cluster's resources, which are the environment's (the cluster is `<prefix>-<env>`):
 * a literal-valued condition on the cluster's ownership tag (`kubernetes.io/cluster/<name>`, set by
 * Karpenter and the AWS controllers), its EKS tags, or Karpenter's discovery tag (subnets and the
 * node security group). How the Karpenter controller's documented policy is scoped.
 */
function clusterScoped(st: Statement): boolean {
  return conditionsOf(st).some(
    (c) =>
      c.operator === 'StringEquals' &&
      c.values.length > 0 &&
      c.values.every((v) => v !== '' && !/[*?]/.test(v)) &&
      /^(aws|ec2):(resourcetag|requesttag)\/(kubernetes\.io\/cluster\/[^*?]+|eks:eks-cluster-name|aws:eks:cluster-name|karpenter\.sh\/discovery)$/.test(c.key.toLowerCase()),
  );
}

/** Launching from an AMI: RunInstances/CreateFleet authorize the image and its snapshots as used, never changed. */
const LAUNCH_ACTIONS = ['ec2:runinstances', 'ec2:createfleet'];
function isLaunchSource(resource: string): boolean {
  return /^arn:aws[a-z-]*:ec2:[^:]*::(image|snapshot)\//.test(resource);
}

/** A resource named in its ARN (a reference, or an id that starts with a name), not every resource of a type. */
function isNamed(resource: string): boolean {
  if (resource.includes('${')) return true;
  const part = resource.split(':').slice(5).join(':');
  const id = part.includes('/') ? part.slice(part.indexOf('/') + 1) : part;
  return id !== '' && !/^[*?]/.test(id);
}

/** An endpoint service AWS owns: the account cannot tag it, and the condition pins the owner. */
function awsOwnedEndpointService(st: Statement): boolean {
  return conditionsOf(st).some((c) => c.key === 'ec2:VpceServiceOwner' && c.operator === 'StringEquals' && c.values.every((v) => v === 'amazon'));
}

export const kmsEc2MutationsScoped: PolicyRule = {
  id: 'iam-kms-ec2-mutations-scoped',
  description:
    'An Allow of a KMS or EC2 mutation names its resources (a reference or a name in the ARN) or requires the Project and Environment tags (aws:ResourceTag or aws:RequestTag) or one cluster\'s tags (kubernetes.io/cluster/<name>, karpenter.sh/discovery); key use (Encrypt/Decrypt...), reads and launching from an AMI are not mutations',
  check: (stack) => {
    const found: Violation[] = [];
    for (const doc of policyDocuments(stack.json).filter((d) => d.kind === 'identity' && !isPermissionsBoundaryDocument(stack, d))) {
      (doc.statements ?? []).forEach((st, i) => {
        if (!isAllow(st) || isPublishedControllerStatement(stack, doc, st)) return;
        const mutations = actionsOf(st).filter(isKmsOrEc2Mutation);
        if (mutations.length === 0 || tagScoped(st) || clusterScoped(st) || awsOwnedEndpointService(st)) return;
        const onlyLaunches = mutations.every((a) => LAUNCH_ACTIONS.includes(a.toLowerCase()));
        const unnamed = strings(st.Resource).filter((r) => !isNamed(r) && !(onlyLaunches && isLaunchSource(r)));
        if (unnamed.length === 0 && strings(st.Resource).length > 0) return;
        found.push(
          violation(
            kmsEc2MutationsScoped.id,
            doc.address,
            `${doc.attribute} ${statementLabel(st, i)} allows ${mutations.join(', ')} on ${unnamed.join(', ') || '(no resource)'} without Project and Environment tag conditions: that reaches every environment's keys or networks`,
          ),
        );
      });
    }
    return found;
  },
};

export const TAG_SCOPED_MUTATION_RULES: readonly PolicyRule[] = [kmsEc2MutationsScoped];
