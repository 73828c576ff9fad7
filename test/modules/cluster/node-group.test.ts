import { expect } from 'chai';
import { addressOf, BOUNDARY_ARN, PRIVATE_SUBNETS, synthCluster } from './cluster-fixture';
import { NODE_MANAGED_POLICY_ARNS } from '../../../modules/cluster/node-group';
import { testEnvironment } from '../../support/environment';
import { onlyResource, parsePolicy, resourcesOf } from '../../support/synth';

describe('ManagedNodeGroup', () => {
  const config = testEnvironment('dev', {
    cluster: {
      version: '1.33',
      publicEndpointCidrs: ['0.0.0.0/0'],
      adminPrincipalArns: [],
      nodeGroup: { instanceTypes: ['m7i.large', 'm6i.large'], minSize: 1, desiredSize: 3, maxSize: 6, diskSizeGiB: 80, capacityType: 'SPOT' },
    },
  }).cluster;
  const json = synthCluster({ config, nodeInstanceTags: { Environment: 'dev' } });
  const nodeGroup = onlyResource(json, 'aws_eks_node_group');
  const launchTemplate = onlyResource(json, 'aws_launch_template');

  it('requires IMDSv2 with a hop limit of 1, so pods cannot reach the node credentials', () => {
    expect(launchTemplate.metadata_options).to.deep.equal({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
  });

  it('boots from an encrypted gp3 root volume of the configured size, deleted with the node', () => {
    expect(launchTemplate.block_device_mappings).to.deep.equal([
      { device_name: '/dev/xvda', ebs: { volume_type: 'gp3', volume_size: 80, encrypted: 'true', delete_on_termination: 'true' } },
    ]);
  });

  it('tags instances and volumes (default_tags do not reach them)', () => {
    const byType = Object.fromEntries(launchTemplate.tag_specifications.map((t: any) => [t.resource_type, t.tags]));
    expect(Object.keys(byType)).to.have.members(['instance', 'volume']);
    for (const tags of Object.values(byType)) expect(tags).to.deep.equal({ Environment: 'dev', Name: 'qa-dev-node' });
  });

  it('runs in the private subnets with the configured instance types, capacity and sizes', () => {
    expect(nodeGroup.subnet_ids).to.deep.equal(PRIVATE_SUBNETS);
    expect(nodeGroup.instance_types).to.deep.equal(['m7i.large', 'm6i.large']);
    expect(nodeGroup.capacity_type).to.equal('SPOT');
    expect(nodeGroup.scaling_config).to.deep.equal({ min_size: 1, desired_size: 3, max_size: 6 });
    expect(nodeGroup.update_config).to.deep.equal({ max_unavailable: 1 });
  });

  it('uses the latest launch template version and follows the cluster version', () => {
    const lt = addressOf(json, 'aws_launch_template');
    expect(nodeGroup.launch_template).to.deep.equal({ id: `\${${lt}.id}`, version: `\${${lt}.latest_version}` });
    expect(nodeGroup.version).to.equal(`\${${addressOf(json, 'aws_eks_cluster')}.version}`);
  });

  it('leaves desired_size to the autoscaler', () => {
    expect(nodeGroup.lifecycle.ignore_changes).to.deep.equal(['scaling_config[0].desired_size']);
  });

  it('has a node role for EC2 with worker, registry-pull and SSM policies but not the CNI policy', () => {
    const roleAddress = addressOf(json, 'aws_iam_role', (_id, r) => r.name === 'qa-dev-node');
    expect(nodeGroup.node_role_arn).to.equal(`\${${roleAddress}.arn}`);
    const role = resourcesOf(json, 'aws_iam_role')[roleAddress.split('.')[1]];
    expect(parsePolicy(role.assume_role_policy).Statement[0].Principal).to.deep.equal({ Service: 'ec2.amazonaws.com' });
    expect(role.permissions_boundary).to.equal(BOUNDARY_ARN);
    const attached = Object.entries(resourcesOf(json, 'aws_iam_role_policy_attachment'))
      .filter(([, a]) => a.role === `\${${roleAddress}.name}`)
      .map(([id, a]) => ({ address: `aws_iam_role_policy_attachment.${id}`, arn: a.policy_arn as string }));
    expect(attached.map((a) => a.arn)).to.have.members([...NODE_MANAGED_POLICY_ARNS]);
    expect(attached.map((a) => a.arn)).to.include('arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
    expect(attached.map((a) => a.arn).join()).to.not.include('CNI');
    // The nodes must not start (or be drained) without their permissions.
    for (const { address } of attached) expect(nodeGroup.depends_on).to.include(address);
  });
});
