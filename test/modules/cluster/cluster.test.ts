import { TerraformOutput } from 'cdktf';
import { expect } from 'chai';
import { addressOf, BOUNDARY_ARN, synthCluster } from './cluster-fixture';
import type { ClusterOidcIdentity } from '../../../modules/identity/irsa-role';
import { isWildcardResourceAllowed } from '../../../modules/shared/wildcard-resource-actions';
import { testEnvironment } from '../../support/environment';
import { onlyResource, parsePolicy, resourcesOf } from '../../support/synth';

describe('Cluster', () => {
  const json = synthCluster();
  const cluster = onlyResource(json, 'aws_eks_cluster');

  it('encrypts Kubernetes secrets with its own KMS key, which rotates', () => {
    const keyAddress = addressOf(json, 'aws_kms_key');
    expect(cluster.encryption_config).to.deep.equal({
      resources: ['secrets'],
      provider: { key_arn: `\${${keyAddress}.arn}` },
    });
    expect(onlyResource(json, 'aws_kms_key').enable_key_rotation).to.equal(true);
  });

  it('ships all five control-plane log types to a log group with retention, created before the cluster', () => {
    expect(cluster.enabled_cluster_log_types).to.have.members(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(cluster.enabled_cluster_log_types).to.have.length(5);
    const logGroup = onlyResource(json, 'aws_cloudwatch_log_group');
    expect(logGroup.name).to.equal('/aws/eks/qa-dev/cluster');
    expect(logGroup.retention_in_days).to.equal(30);
    expect(cluster.depends_on).to.include(addressOf(json, 'aws_cloudwatch_log_group'));
  });

  it('takes the log retention from its props', () => {
    const other = synthCluster({ logRetentionDays: 365 });
    expect(onlyResource(other, 'aws_cloudwatch_log_group').retention_in_days).to.equal(365);
  });

  it('puts the control plane in the private subnets, private endpoint on, public endpoint limited to the configured CIDRs', () => {
    const config = testEnvironment('prod').cluster;
    const prod = onlyResource(synthCluster({ config }), 'aws_eks_cluster');
    expect(prod.vpc_config.public_access_cidrs).to.deep.equal(['203.0.113.0/24']);
    expect(prod.vpc_config.endpoint_private_access).to.equal(true);
    expect(prod.vpc_config.endpoint_public_access).to.equal(true);
    expect(prod.vpc_config.subnet_ids).to.deep.equal(['subnet-0aaa', 'subnet-0bbb', 'subnet-0ccc']);
  });

  it('authenticates through access entries only, without making the creator an admin', () => {
    expect(cluster.access_config).to.deep.equal({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
  });

  it('uses the configured version on standard support', () => {
    expect(cluster.name).to.equal('qa-dev');
    expect(cluster.version).to.equal('1.33');
    expect(cluster.upgrade_policy).to.deep.equal({ support_type: 'STANDARD' });
  });

  it('runs as a role EKS may assume, and waits for that role\'s permissions', () => {
    const roleAddress = addressOf(json, 'aws_iam_role', (_id, r) => r.name === 'qa-dev-cluster');
    expect(cluster.role_arn).to.equal(`\${${roleAddress}.arn}`);
    const clusterPolicy = addressOf(json, 'aws_iam_role_policy_attachment', (_id, r) => r.policy_arn.endsWith('/AmazonEKSClusterPolicy'));
    expect(cluster.depends_on).to.include(clusterPolicy);
    expect(cluster.depends_on).to.include(addressOf(json, 'aws_iam_role_policy', (_id, r) => r.name === 'qa-dev-secrets-encryption'));
  });

  it('gives every role it makes (control plane, nodes, add-on IRSA roles) the permissions boundary', () => {
    const roles = Object.values(resourcesOf(json, 'aws_iam_role'));
    expect(roles.map((r) => r.name)).to.have.members(['qa-dev-cluster', 'qa-dev-node', 'qa-dev-vpc-cni', 'qa-dev-ebs-csi']);
    for (const role of roles) expect(role.permissions_boundary, role.name).to.equal(BOUNDARY_ARN);
  });

  it('has an IAM OIDC provider on the cluster issuer for IRSA', () => {
    const oidc = onlyResource(json, 'aws_iam_openid_connect_provider');
    expect(oidc.url).to.equal(`\${${addressOf(json, 'aws_eks_cluster')}.identity[0].oidc[0].issuer}`);
    expect(oidc.client_id_list).to.deep.equal(['sts.amazonaws.com']);
  });

  it('exposes references to the cluster, CA, OIDC issuer host and security group', () => {
    const synthesized = synthCluster({}, (stack, c) => {
      const identity: ClusterOidcIdentity = c;
      new TerraformOutput(stack, 'name', { value: c.clusterName });
      new TerraformOutput(stack, 'endpoint', { value: c.endpoint });
      new TerraformOutput(stack, 'ca', { value: c.certificateAuthorityData });
      new TerraformOutput(stack, 'oidc_arn', { value: identity.oidcProviderArn });
      new TerraformOutput(stack, 'oidc_host', { value: identity.oidcIssuerHost });
      new TerraformOutput(stack, 'sg', { value: c.clusterSecurityGroupId });
    });
    const out = synthesized.output!;
    const eks = addressOf(json, 'aws_eks_cluster');
    const oidc = addressOf(json, 'aws_iam_openid_connect_provider');
    expect(out.name.value).to.equal(`\${${eks}.name}`);
    expect(out.endpoint.value).to.equal(`\${${eks}.endpoint}`);
    expect(out.ca.value).to.equal(`\${${eks}.certificate_authority[0].data}`);
    expect(out.oidc_arn.value).to.equal(`\${${oidc}.arn}`);
    const [local] = Object.entries(synthesized.locals ?? {}).find(([key]) => key.includes('oidc-issuer-host'))!;
    expect(out.oidc_host.value).to.equal(`\${local.${local}}`);
    expect(synthesized.locals![local]).to.equal(`\${replace(${oidc}.url, "https://", "")}`);
    expect(out.sg.value).to.equal(`\${${eks}.vpc_config[0].cluster_security_group_id}`);
  });

  it('grants no IAM action wildcard, and "*" resources only for allow-listed actions', () => {
    const policies = Object.values(resourcesOf(json, 'aws_iam_role_policy'));
    expect(policies).to.not.be.empty;
    for (const { policy } of policies) {
      for (const statement of parsePolicy(policy).Statement) {
        const actions: string[] = [statement.Action].flat();
        for (const action of actions) {
          expect(action, action).to.not.equal('*');
          expect(action, action).to.not.match(/^[a-z0-9-]+:\*$/i);
          if ([statement.Resource].flat().includes('*')) expect(isWildcardResourceAllowed(action), action).to.equal(true);
        }
      }
    }
  });
});
