/**
 * Node autoscaling rules: the Karpenter controller may pass only its node role and change only
 * this cluster's instances, launch templates and instance profiles; its interruption queue is
 * encrypted, TLS-only and fed by the EventBridge rules it needs; and only the private subnets and
 * the cluster security group carry its discovery tag (nodes never land in a public subnet).
 */
import { KARPENTER_DISCOVERY_TAG_KEY } from '../../../modules/shared/karpenter-names';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { globMatches } from '../glob';
import { actionsOf, conditionsOf, isAllow, principalsOf, statementLabel, type Statement } from '../iam-documents';
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { policiesOfRole } from '../role-policies';
import { blocks, referencedIds, resources, strings, type ResourceEntry } from '../terraform-json';

/** The Karpenter controller roles of a stack (Pod Identity trust for Karpenter's service account), with their cluster. */
export function karpenterControllerRoles(stack: StackUnderTest): Array<{ role: ResourceEntry; cluster: string }> {
  const found: Array<{ role: ResourceEntry; cluster: string }> = [];
  for (const role of resources(stack.json, 'aws_iam_role')) {
    let trust: { Statement?: unknown };
    try {
      trust = JSON.parse(String(role.attrs.assume_role_policy));
    } catch {
      continue;
    }
    for (const st of blocks(trust.Statement)) {
      if (!principalsOf(st, 'Service').includes('pods.eks.amazonaws.com')) continue;
      const values = (key: string) => conditionsOf(st).filter((c) => c.key === key).flatMap((c) => c.values);
      if (values('aws:RequestTag/kubernetes-service-account').includes(SERVICE_ACCOUNTS.karpenter.name)) {
        found.push({ role, cluster: values('aws:RequestTag/eks-cluster-name')[0] ?? '' });
      }
    }
  }
  return found;
}

/** The Allow statements of a role's policies. */
function allowStatements(stack: StackUnderTest, role: ResourceEntry): Statement[] {
  return policiesOfRole(stack.json, role).flatMap((d) => (d.statements ?? []).filter(isAllow));
}

const grants = (st: Statement, action: string) => actionsOf(st).some((a) => globMatches(a, action, true));

export const karpenterPassesNodeRoleOnly: PolicyRule = {
  id: 'karpenter-passes-node-role-only',
  description: 'The Karpenter controller may pass one kind of role only: a role named by reference that EC2 assumes and that has an EC2_LINUX access entry, with iam:PassedToService ec2.amazonaws.com',
  check: (stack) => {
    const found: Violation[] = [];
    const nodeRoles = new Set(
      resources(stack.json, 'aws_eks_access_entry')
        .filter((e) => e.attrs.type === 'EC2_LINUX')
        .flatMap((e) => [...referencedIds(e.attrs.principal_arn, 'aws_iam_role')]),
    );
    for (const { role } of karpenterControllerRoles(stack)) {
      allowStatements(stack, role).forEach((st, i) => {
        if (!grants(st, 'iam:PassRole')) return;
        const label = statementLabel(st, i);
        const passed = strings(st.Resource);
        const notNodeRoles = passed.filter((r) => {
          const ids = [...referencedIds(r, 'aws_iam_role')];
          return ids.length !== 1 || !nodeRoles.has(ids[0]) || !/^\$\{aws_iam_role\.[\w-]+\.arn\}$/.test(r);
        });
        if (passed.length === 0 || notNodeRoles.length > 0) {
          found.push(violation(karpenterPassesNodeRoleOnly.id, role.address, `${label} lets the Karpenter controller pass ${notNodeRoles.join(', ') || '(no resource)'}: only the node role (a reference to a role with an EC2_LINUX access entry)`));
        }
        const service = conditionsOf(st).filter((c) => c.key === 'iam:PassedToService' && c.operator === 'StringEquals').flatMap((c) => c.values);
        if (service.length === 0 || service.some((s) => s !== 'ec2.amazonaws.com')) {
          found.push(violation(karpenterPassesNodeRoleOnly.id, role.address, `${label} passes roles without iam:PassedToService = ec2.amazonaws.com`));
        }
      });
    }
    return found;
  },
};

/** What the controller changes: EC2 launches, tags and deletions, and its instance profiles. */
const CONTROLLER_MUTATIONS = [
  'ec2:RunInstances',
  'ec2:CreateFleet',
  'ec2:CreateLaunchTemplate',
  'ec2:CreateTags',
  'ec2:TerminateInstances',
  'ec2:DeleteLaunchTemplate',
  'iam:CreateInstanceProfile',
  'iam:TagInstanceProfile',
  'iam:AddRoleToInstanceProfile',
  'iam:RemoveRoleFromInstanceProfile',
  'iam:DeleteInstanceProfile',
];
const LAUNCHES = ['ec2:RunInstances', 'ec2:CreateFleet'];

function resourceType(arn: string): string {
  return /^arn:aws[a-z-]*:(?:ec2|iam):[^:]*:[^:]*:([a-z-]+)\//.exec(arn)?.[1] ?? '';
}

/** Why the statement is not limited to `cluster`'s resources, or undefined. */
function unscoped(st: Statement, cluster: string): string | undefined {
  const mutations = CONTROLLER_MUTATIONS.filter((a) => grants(st, a));
  if (mutations.length === 0) return undefined;
  const onlyLaunches = mutations.every((a) => LAUNCHES.includes(a));
  const types = strings(st.Resource).map(resourceType);
  if (strings(st.Resource).includes('*') || types.includes('')) return `allows ${mutations.join(', ')} on ${strings(st.Resource).join(', ')}: name resource types`;
  const conditions = conditionsOf(st);
  const literal = (key: RegExp, value?: string) =>
    conditions.some((c) => c.operator === 'StringEquals' && key.test(c.key) && c.values.length > 0 && c.values.every((v) => (value === undefined ? !/[*?]/.test(v) : v === value)));
  // Public AMIs and their snapshots: launching reads them.
  if (onlyLaunches && types.every((t) => t === 'image' || t === 'snapshot')) return undefined;
  if (onlyLaunches && types.every((t) => t === 'subnet' || t === 'security-group')) {
    return literal(new RegExp(`^aws:ResourceTag/${KARPENTER_DISCOVERY_TAG_KEY}$`), cluster) ? undefined : `launches into subnets or security groups without ${KARPENTER_DISCOVERY_TAG_KEY} = ${cluster}`;
  }
  const owned = literal(new RegExp(`^aws:(ResourceTag|RequestTag)/kubernetes\\.io/cluster/${cluster.replace(/[.]/g, '\\.')}$`), 'owned');
  const marked = conditions.some((c) => /^aws:(ResourceTag|RequestTag)\/(karpenter\.sh\/nodepool|karpenter\.k8s\.aws\/ec2nodeclass)$/.test(c.key)) ||
    conditions.some((c) => c.key === 'aws:TagKeys' && c.operator.startsWith('ForAllValues'));
  if (!owned) return `allows ${mutations.join(', ')} without kubernetes.io/cluster/${cluster} = owned (request or resource tag)`;
  if (!marked) return `allows ${mutations.join(', ')} without a karpenter.sh/nodepool or karpenter.k8s.aws/ec2nodeclass tag condition`;
  return undefined;
}

export const karpenterControllerClusterScoped: PolicyRule = {
  id: 'karpenter-controller-cluster-scoped',
  description: 'Every launch, tag, deletion and instance-profile change the Karpenter controller may make is conditioned on its own cluster\'s tags (kubernetes.io/cluster/<name> = owned and a Karpenter tag, or the discovery tag for subnets and security groups)',
  check: (stack) =>
    karpenterControllerRoles(stack).flatMap(({ role, cluster }) =>
      allowStatements(stack, role).flatMap((st, i) => {
        const problem = cluster === '' ? 'trusts no eks-cluster-name session tag, so nothing ties it to one cluster' : unscoped(st, cluster);
        return problem === undefined ? [] : [violation(karpenterControllerClusterScoped.id, role.address, `${statementLabel(st, i)} ${problem}`)];
      }),
    ),
};

export const sqsQueueEncryptedTlsOnly: PolicyRule = {
  id: 'sqs-queue-encrypted-tls-only',
  description: 'Every SQS queue is encrypted (SSE-SQS or KMS), has a queue policy that denies requests without TLS, and allows sending to AWS service principals only, each limited by aws:SourceArn or aws:SourceAccount (no confused deputy)',
  check: (stack) => {
    const found: Violation[] = [];
    const policies = resources(stack.json, 'aws_sqs_queue_policy');
    for (const queue of resources(stack.json, 'aws_sqs_queue')) {
      const encrypted = queue.attrs.sqs_managed_sse_enabled === true || queue.attrs.sqs_managed_sse_enabled === 'true' || typeof queue.attrs.kms_master_key_id === 'string';
      if (!encrypted) found.push(violation(sqsQueueEncryptedTlsOnly.id, queue.address, 'is not encrypted: set sqs_managed_sse_enabled (or a KMS key)'));
      const mine = policies.filter((p) => referencedIds(p.attrs.queue_url, 'aws_sqs_queue').has(queue.logicalId));
      const statements: Statement[] = mine.flatMap((p) => {
        try {
          return blocks((JSON.parse(String(p.attrs.policy)) as { Statement?: unknown }).Statement);
        } catch {
          return [];
        }
      });
      const denyHttp = statements.some(
        (st) => st.Effect === 'Deny' && actionsOf(st).some((a) => a === 'sqs:*' || a === '*') && conditionsOf(st).some((c) => c.key === 'aws:SecureTransport' && c.values.includes('false')),
      );
      if (!denyHttp) found.push(violation(sqsQueueEncryptedTlsOnly.id, queue.address, 'has no queue policy denying sqs:* when aws:SecureTransport is false'));
      for (const st of statements.filter(isAllow)) {
        const p = st.Principal;
        const onlyServices = typeof p === 'object' && p !== null && Object.keys(p).every((k) => k === 'Service');
        if (!onlyServices) {
          found.push(violation(sqsQueueEncryptedTlsOnly.id, queue.address, `its policy allows ${JSON.stringify(p)}: only AWS service principals may send`));
        } else if (!conditionsOf(st).some((c) => c.key === 'aws:SourceArn' || c.key === 'aws:SourceAccount')) {
          found.push(violation(sqsQueueEncryptedTlsOnly.id, queue.address, `its policy lets ${JSON.stringify(p)} send on behalf of anyone: limit it with aws:SourceArn (the rules that send) or aws:SourceAccount`));
        }
      }
    }
    return found;
  },
};

/** The EventBridge detail-types Karpenter's interruption handling needs. */
export const KARPENTER_INTERRUPTION_DETAIL_TYPES = [
  'EC2 Spot Instance Interruption Warning',
  'EC2 Instance Rebalance Recommendation',
  'EC2 Instance State-change Notification',
  'AWS Health Event',
];

export const karpenterInterruptionEventsRouted: PolicyRule = {
  id: 'karpenter-interruption-events-routed',
  description: 'The queue the Karpenter controller reads gets spot interruption, rebalance, instance state-change and scheduled health events through EventBridge rules targeting it',
  check: (stack) => {
    const found: Violation[] = [];
    for (const { role } of karpenterControllerRoles(stack)) {
      const queues = new Set(allowStatements(stack, role).filter((st) => grants(st, 'sqs:ReceiveMessage')).flatMap((st) => [...referencedIds(st.Resource, 'aws_sqs_queue')]));
      if (queues.size === 0) {
        found.push(violation(karpenterInterruptionEventsRouted.id, role.address, 'reads no interruption queue of this stack: spot interruptions and health events would reach no node before EC2 takes it'));
        continue;
      }
      for (const queueId of queues) {
        const targeted = new Set(
          resources(stack.json, 'aws_cloudwatch_event_target')
            .filter((t) => referencedIds(t.attrs.arn, 'aws_sqs_queue').has(queueId))
            .flatMap((t) => [...referencedIds(t.attrs.rule, 'aws_cloudwatch_event_rule')]),
        );
        const detailTypes = resources(stack.json, 'aws_cloudwatch_event_rule')
          .filter((r) => targeted.has(r.logicalId))
          .flatMap((r) => {
            try {
              return strings((JSON.parse(String(r.attrs.event_pattern)) as Record<string, unknown>)['detail-type']);
            } catch {
              return [];
            }
          });
        const missing = KARPENTER_INTERRUPTION_DETAIL_TYPES.filter((d) => !detailTypes.includes(d));
        if (missing.length > 0) found.push(violation(karpenterInterruptionEventsRouted.id, `aws_sqs_queue.${queueId}`, `gets no EventBridge rule for ${missing.join(', ')}`));
      }
    }
    return found;
  },
};

export const karpenterDiscoveryTags: PolicyRule = {
  id: 'karpenter-discovery-tags',
  description: 'With a Karpenter controller, every private subnet and the cluster security group carry karpenter.sh/discovery = <cluster>, and no public subnet or other security group does',
  check: (stack) => {
    const found: Violation[] = [];
    for (const { role, cluster } of karpenterControllerRoles(stack)) {
      for (const subnet of resources(stack.json, 'aws_subnet')) {
        const tags = subnet.attrs.tags ?? {};
        const isPublic = tags['kubernetes.io/role/elb'] !== undefined || subnet.attrs.map_public_ip_on_launch === true;
        const tagged = tags[KARPENTER_DISCOVERY_TAG_KEY] === cluster;
        if (isPublic && tags[KARPENTER_DISCOVERY_TAG_KEY] !== undefined) found.push(violation(karpenterDiscoveryTags.id, subnet.address, `is public but carries ${KARPENTER_DISCOVERY_TAG_KEY}: Karpenter would put nodes in it`));
        if (!isPublic && tags['kubernetes.io/role/internal-elb'] !== undefined && !tagged) found.push(violation(karpenterDiscoveryTags.id, subnet.address, `is a private subnet without ${KARPENTER_DISCOVERY_TAG_KEY} = ${cluster}`));
      }
      for (const sg of resources(stack.json, 'aws_security_group')) {
        if ((sg.attrs.tags ?? {})[KARPENTER_DISCOVERY_TAG_KEY] !== undefined) found.push(violation(karpenterDiscoveryTags.id, sg.address, `carries ${KARPENTER_DISCOVERY_TAG_KEY}: Karpenter's nodes use the cluster security group only`));
      }
      const clusterSg = resources(stack.json, 'aws_ec2_tag').filter(
        (t) => t.attrs.key === KARPENTER_DISCOVERY_TAG_KEY && t.attrs.value === cluster && /^\$\{aws_eks_cluster\.[\w-]+\.vpc_config\[0\]\.cluster_security_group_id\}$/.test(String(t.attrs.resource_id)),
      );
      if (clusterSg.length !== 1) found.push(violation(karpenterDiscoveryTags.id, role.address, `the cluster security group has no aws_ec2_tag ${KARPENTER_DISCOVERY_TAG_KEY} = ${cluster}: Karpenter's nodes would find no security group`));
    }
    return found;
  },
};

export const NODE_AUTOSCALING_RULES: readonly PolicyRule[] = [
  karpenterPassesNodeRoleOnly,
  karpenterControllerClusterScoped,
  sqsQueueEncryptedTlsOnly,
  karpenterInterruptionEventsRouted,
  karpenterDiscoveryTags,
];
