/** Violating and compliant snippets of the ECR, EKS (plan-reader-cases.ts: the plan role's) and launch-template rules. */
import { merge, resource, stackOf, type RuleCase } from './fixtures';
import { PLAN_READER_CASES } from './plan-reader-cases';
import type { TerraformJson } from '../../support/synth';
import { apiAuthentication, controlPlaneLogs, endpointAccess, nodeGroupLaunchTemplate, nodesInPrivateSubnets, secretsEncryption } from '../rules/eks';
import { encryptedVolumes, imdsV2Required } from '../rules/launch-template';
import { immutableTags, kmsEncrypted, scanOnPush } from '../rules/registry';

const REPO = {
  name: 'qa-dev/chatbot',
  image_tag_mutability: 'IMMUTABLE',
  image_scanning_configuration: { scan_on_push: true },
  encryption_configuration: [{ encryption_type: 'KMS' }],
};
const repo = (overrides: Record<string, unknown> = {}) => resource('aws_ecr_repository', 'registry_repo_1', { ...REPO, ...overrides });

const CLUSTER = {
  name: 'qa-dev',
  role_arn: '${aws_iam_role.cluster_role_1.arn}',
  enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
  encryption_config: { resources: ['secrets'], provider: { key_arn: '${aws_kms_key.secrets_2.arn}' } },
  access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
  vpc_config: { subnet_ids: ['${aws_subnet.private_0.id}'], endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] },
};
const cluster = (overrides: Record<string, unknown> = {}) => resource('aws_eks_cluster', 'cluster_eks_7', { ...CLUSTER, ...overrides });
const vpcConfig = (overrides: Record<string, unknown>) => ({ vpc_config: { ...CLUSTER.vpc_config, ...overrides } });

const LAUNCH_TEMPLATE = {
  metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 },
  block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'true', volume_size: 50, volume_type: 'gp3' } }],
};
const launchTemplate = (overrides: Record<string, unknown> = {}) => resource('aws_launch_template', 'nodes_lt_3', { ...LAUNCH_TEMPLATE, ...overrides });

const nodeGroup = (overrides: Record<string, unknown> = {}) =>
  resource('aws_eks_node_group', 'nodes_ng_4', {
    cluster_name: '${aws_eks_cluster.cluster_eks_7.name}',
    subnet_ids: ['${aws_subnet.private_0.id}'],
    launch_template: { id: '${aws_launch_template.nodes_lt_3.id}', version: '${aws_launch_template.nodes_lt_3.latest_version}' },
    ...overrides,
  });

/** A private and a public subnet, with route tables as the network module makes them. */
const SUBNETS: TerraformJson = merge(
  resource('aws_subnet', 'private_0', { cidr_block: '10.20.0.0/19', tags: { 'kubernetes.io/role/internal-elb': '1' } }),
  resource('aws_subnet', 'public_0', { cidr_block: '10.20.128.0/20' }),
  resource('aws_internet_gateway', 'igw_1', { vpc_id: '${aws_vpc.vpc_1.id}' }),
  resource('aws_nat_gateway', 'nat_1', { subnet_id: '${aws_subnet.public_0.id}' }),
  resource('aws_route_table', 'public_rt', { vpc_id: '${aws_vpc.vpc_1.id}' }),
  resource('aws_route', 'public_default', { route_table_id: '${aws_route_table.public_rt.id}', destination_cidr_block: '0.0.0.0/0', gateway_id: '${aws_internet_gateway.igw_1.id}' }),
  resource('aws_route_table', 'private_rt', { vpc_id: '${aws_vpc.vpc_1.id}', route: [{ cidr_block: '0.0.0.0/0', nat_gateway_id: '${aws_nat_gateway.nat_1.id}' }] }),
  resource('aws_route_table_association', 'public_assoc', { subnet_id: '${aws_subnet.public_0.id}', route_table_id: '${aws_route_table.public_rt.id}' }),
  resource('aws_route_table_association', 'private_assoc', { subnet_id: '${aws_subnet.private_0.id}', route_table_id: '${aws_route_table.private_rt.id}' }),
);

export const COMPUTE_CASES: readonly RuleCase[] = [
  {
    rule: immutableTags,
    violates: 'a repository with MUTABLE tags',
    violating: stackOf(repo({ image_tag_mutability: 'MUTABLE' })),
    address: 'aws_ecr_repository.registry_repo_1',
    complies: 'IMMUTABLE tags',
    compliant: stackOf(repo()),
  },
  {
    rule: scanOnPush,
    violates: 'a repository without scan on push',
    violating: stackOf(repo({ image_scanning_configuration: undefined })),
    address: 'aws_ecr_repository.registry_repo_1',
    complies: 'scan_on_push true',
    compliant: stackOf(repo()),
  },
  {
    rule: kmsEncrypted,
    violates: 'a repository encrypted with AES256',
    violating: stackOf(repo({ encryption_configuration: [{ encryption_type: 'AES256' }] })),
    address: 'aws_ecr_repository.registry_repo_1',
    complies: 'KMS encryption',
    compliant: stackOf(repo()),
  },
  {
    rule: secretsEncryption,
    violates: 'a cluster without secrets encryption',
    violating: stackOf(cluster({ encryption_config: undefined })),
    address: 'aws_eks_cluster.cluster_eks_7',
    complies: 'encryption_config for secrets with a KMS key',
    compliant: stackOf(cluster()),
  },
  {
    rule: controlPlaneLogs,
    violates: 'a cluster logging only api and audit',
    violating: stackOf(cluster({ enabled_cluster_log_types: ['api', 'audit'] })),
    address: 'aws_eks_cluster.cluster_eks_7',
    complies: 'all five log types',
    compliant: stackOf(cluster()),
  },
  {
    rule: endpointAccess,
    violates: 'a production cluster API open to 0.0.0.0/0',
    violating: stackOf(cluster(vpcConfig({ public_access_cidrs: ['0.0.0.0/0'] })), { name: 'platform-prod', production: true }),
    address: 'aws_eks_cluster.cluster_eks_7',
    complies: 'a dev cluster API open to 0.0.0.0/0, listed explicitly',
    compliant: stackOf(cluster(vpcConfig({ public_access_cidrs: ['0.0.0.0/0'] }))),
  },
  {
    rule: endpointAccess,
    violates: 'a public endpoint without public_access_cidrs',
    violating: stackOf(cluster(vpcConfig({ public_access_cidrs: undefined }))),
    address: 'aws_eks_cluster.cluster_eks_7',
    complies: 'a private-only endpoint without CIDRs',
    compliant: stackOf(cluster(vpcConfig({ public_access_cidrs: undefined, endpoint_public_access: false })), { name: 'platform-prod', production: true }),
  },
  {
    rule: endpointAccess,
    violates: 'the private endpoint turned off',
    violating: stackOf(cluster(vpcConfig({ endpoint_private_access: false }))),
    address: 'aws_eks_cluster.cluster_eks_7',
    complies: 'a production cluster with a restricted public endpoint',
    compliant: stackOf(cluster(), { name: 'platform-prod', production: true }),
  },
  {
    rule: apiAuthentication,
    violates: 'API_AND_CONFIG_MAP authentication',
    violating: stackOf(cluster({ access_config: { authentication_mode: 'API_AND_CONFIG_MAP' } })),
    address: 'aws_eks_cluster.cluster_eks_7',
    complies: 'API authentication',
    compliant: stackOf(cluster()),
  },
  {
    rule: nodeGroupLaunchTemplate,
    violates: 'a node group without a launch template',
    violating: stackOf(merge(launchTemplate(), nodeGroup({ launch_template: undefined, disk_size: 50 }))),
    address: 'aws_eks_node_group.nodes_ng_4',
    complies: 'a node group using the stack launch template',
    compliant: stackOf(merge(launchTemplate(), nodeGroup())),
  },
  {
    rule: nodesInPrivateSubnets,
    violates: 'a node group in a subnet routed through the internet gateway',
    violating: stackOf(merge(SUBNETS, nodeGroup({ subnet_ids: ['${aws_subnet.private_0.id}', '${aws_subnet.public_0.id}'] }))),
    address: 'aws_eks_node_group.nodes_ng_4',
    complies: 'a node group in NAT-routed private subnets',
    compliant: stackOf(merge(SUBNETS, nodeGroup())),
  },
  {
    rule: nodesInPrivateSubnets,
    violates: 'a node group in a subnet that maps public IPs',
    violating: stackOf(merge(resource('aws_subnet', 'private_0', { map_public_ip_on_launch: true }), nodeGroup())),
    address: 'aws_eks_node_group.nodes_ng_4',
    complies: 'a subnet with map_public_ip_on_launch false',
    compliant: stackOf(merge(resource('aws_subnet', 'private_0', { map_public_ip_on_launch: false }), nodeGroup())),
  },
  {
    rule: imdsV2Required,
    violates: 'a launch template allowing IMDSv1',
    violating: stackOf(launchTemplate({ metadata_options: { http_tokens: 'optional' } })),
    address: 'aws_launch_template.nodes_lt_3',
    complies: 'http_tokens required',
    compliant: stackOf(launchTemplate()),
  },
  {
    rule: encryptedVolumes,
    violates: 'an unencrypted root volume',
    violating: stackOf(launchTemplate({ block_device_mappings: [{ device_name: '/dev/xvda', ebs: { volume_size: 50 } }] })),
    address: 'aws_launch_template.nodes_lt_3',
    complies: 'an encrypted root volume',
    compliant: stackOf(launchTemplate()),
  },
  {
    rule: encryptedVolumes,
    violates: 'a launch template declaring no volumes',
    violating: stackOf(launchTemplate({ block_device_mappings: undefined })),
    address: 'aws_launch_template.nodes_lt_3',
    complies: 'no volumes declared when EBS encryption by default is on',
    compliant: stackOf(merge(launchTemplate({ block_device_mappings: undefined }), resource('aws_ebs_encryption_by_default', 'ebs_1', { enabled: true }))),
  },
  ...PLAN_READER_CASES,
];
