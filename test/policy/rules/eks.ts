/**
 * EKS rules: encrypted secrets, full control-plane logs, a guarded API endpoint, nodes out of public
 * subnets, and a CI plan role that reads no Secret (eks-plan-reader.ts, helm-release-values.ts).
 */
import { PLAN_READER_RULES } from './eks-plan-reader';
import { releaseWithoutSensitiveValues } from './helm-release-values';
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { blocks, isTrue, referencedIds, refersTo, resources, strings, type ResourceEntry } from '../terraform-json';

function eachCluster(stack: StackUnderTest, rule: string, problemsOf: (cluster: ResourceEntry) => string[]): Violation[] {
  return resources(stack.json, 'aws_eks_cluster').flatMap((c) => problemsOf(c).map((p) => violation(rule, c.address, p)));
}

export const secretsEncryption: PolicyRule = {
  id: 'eks-secrets-encryption',
  description: 'EKS clusters encrypt Kubernetes secrets with a KMS key (encryption_config for "secrets" with provider.key_arn)',
  check: (stack) =>
    eachCluster(stack, secretsEncryption.id, (c) => {
      const ok = blocks(c.attrs.encryption_config).some(
        (e) => strings(e.resources).includes('secrets') && blocks(e.provider).some((p) => typeof p.key_arn === 'string' && p.key_arn !== ''),
      );
      return ok ? [] : ['has no encryption_config with resources ["secrets"] and a provider.key_arn'];
    }),
};

export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export const controlPlaneLogs: PolicyRule = {
  id: 'eks-control-plane-logs',
  description: `EKS clusters send every control-plane log type to CloudWatch (${CONTROL_PLANE_LOG_TYPES.join(', ')})`,
  check: (stack) =>
    eachCluster(stack, controlPlaneLogs.id, (c) => {
      const enabled = strings(c.attrs.enabled_cluster_log_types);
      const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !enabled.includes(t));
      return missing.length > 0 ? [`enabled_cluster_log_types lacks ${missing.join(', ')}`] : [];
    }),
};

const OPEN_CIDRS = ['0.0.0.0/0', '::/0'];

export const endpointAccess: PolicyRule = {
  id: 'eks-endpoint-access',
  description:
    'EKS clusters have the private endpoint on; a public endpoint lists its CIDRs explicitly, and in production never 0.0.0.0/0',
  check: (stack) =>
    eachCluster(stack, endpointAccess.id, (c) => {
      const problems: string[] = [];
      const vpc = blocks(c.attrs.vpc_config)[0] ?? {};
      if (!isTrue(vpc.endpoint_private_access)) problems.push('vpc_config.endpoint_private_access is not true, so nodes reach the API over the internet');
      // The provider defaults endpoint_public_access to true and public_access_cidrs to 0.0.0.0/0.
      const publicOn = vpc.endpoint_public_access === undefined || isTrue(vpc.endpoint_public_access);
      if (!publicOn) return problems;
      const cidrs = strings(vpc.public_access_cidrs);
      if (cidrs.length === 0) problems.push('has a public endpoint without vpc_config.public_access_cidrs, which defaults to 0.0.0.0/0');
      const open = cidrs.filter((x) => OPEN_CIDRS.includes(x));
      if (stack.production && open.length > 0) problems.push(`is a production cluster whose public endpoint is open to ${open.join(', ')}`);
      return problems;
    }),
};

export const apiAuthentication: PolicyRule = {
  id: 'eks-api-authentication',
  description: 'EKS clusters use access entries only (access_config.authentication_mode "API", not the aws-auth ConfigMap)',
  check: (stack) =>
    eachCluster(stack, apiAuthentication.id, (c) => {
      const mode = blocks(c.attrs.access_config)[0]?.authentication_mode;
      return mode === 'API' ? [] : [`access_config.authentication_mode is ${JSON.stringify(mode ?? 'CONFIG_MAP (default)')}, not "API"`];
    }),
};

export const nodeGroupLaunchTemplate: PolicyRule = {
  id: 'eks-node-group-launch-template',
  description: 'Managed node groups use a launch template of the stack, so IMDSv2 and disk encryption are enforced by the launch-template rules',
  check: (stack) =>
    resources(stack.json, 'aws_eks_node_group').flatMap((ng) => {
      const refs = blocks(ng.attrs.launch_template).flatMap((lt) => [...referencedIds(lt, 'aws_launch_template')]);
      return refs.length > 0 ? [] : [violation(nodeGroupLaunchTemplate.id, ng.address, 'has no launch_template referencing an aws_launch_template of the stack')];
    }),
};

/** Why a subnet is public, or undefined when nothing says it is. */
function publicReason(stack: StackUnderTest, subnet: ResourceEntry): string | undefined {
  if (isTrue(subnet.attrs.map_public_ip_on_launch)) return 'maps public IPs on launch';
  const tags = { ...(subnet.attrs.tags ?? {}), ...(subnet.attrs.tags_all ?? {}) } as Record<string, unknown>;
  if ('kubernetes.io/role/elb' in tags) return 'is tagged kubernetes.io/role/elb (internet-facing load balancers)';
  const tables = resources(stack.json, 'aws_route_table_association')
    .filter((a) => refersTo(a.attrs.subnet_id, subnet))
    .flatMap((a) => [...referencedIds(a.attrs.route_table_id, 'aws_route_table')]);
  for (const tableId of tables) {
    const table = resources(stack.json, 'aws_route_table').find((t) => t.logicalId === tableId);
    const routes = [
      ...blocks(table?.attrs.route),
      ...resources(stack.json, 'aws_route')
        .filter((r) => referencedIds(r.attrs.route_table_id, 'aws_route_table').has(tableId))
        .map((r) => r.attrs),
    ];
    if (routes.some((r) => referencedIds(r.gateway_id, 'aws_internet_gateway').size > 0)) return `routes through an internet gateway (aws_route_table.${tableId})`;
  }
  return undefined;
}

export const nodesInPrivateSubnets: PolicyRule = {
  id: 'eks-nodes-private-subnets',
  description: 'Managed node groups run only in private subnets (no public IPs, no internet-gateway route, no ELB role tag)',
  check: (stack) =>
    resources(stack.json, 'aws_eks_node_group').flatMap((ng) => {
      const subnets = resources(stack.json, 'aws_subnet').filter((s) => referencedIds(ng.attrs.subnet_ids, 'aws_subnet').has(s.logicalId));
      return subnets.flatMap((s) => {
        const reason = publicReason(stack, s);
        return reason === undefined ? [] : [violation(nodesInPrivateSubnets.id, ng.address, `runs nodes in ${s.address}, which ${reason}`)];
      });
    }),
};

export const EKS_RULES: readonly PolicyRule[] = [
  secretsEncryption,
  controlPlaneLogs,
  endpointAccess,
  apiAuthentication,
  nodeGroupLaunchTemplate,
  nodesInPrivateSubnets,
  ...PLAN_READER_RULES,
  releaseWithoutSensitiveValues,
];
