/**
 * Accounts for the leak report tests, as the fake AWS endpoint serves them: what a destroy of
 * `dev` (cluster `qa-dev`, account 111122223333, eu-west-1) typically leaves behind, next to what
 * belongs to others (prod, another cluster whose name starts the same, AWS managed keys) and what
 * only looks left (a key pending deletion, a terminated node, a deleted load balancer still in
 * the tag index). Ids and ARNs follow the real formats.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { rawEnvironment, rawProject, TEST_ACCOUNT } from '../../support/environment';
import { emptyAccount, type FakeAccount, type Tag } from '../../support/fake-aws';

export const REGION = 'eu-west-1';
export const CLUSTER = 'qa-dev';
const A = TEST_ACCOUNT;

const tags = (record: Record<string, string>): Tag[] => Object.entries(record).map(([Key, Value]) => ({ Key, Value }));
const DEV = { Project: 'ai-chatbot', Environment: 'dev', ManagedBy: 'cdktf', Owner: 'platform' };
const PROD = { Project: 'ai-chatbot', Environment: 'prod', ManagedBy: 'cdktf', Owner: 'platform' };
const KARPENTER_NODE = {
  'karpenter.sh/nodepool': 'default',
  'karpenter.sh/nodeclaim': 'default-7xk2p',
  'karpenter.k8s.aws/ec2nodeclass': 'default',
  'eks:eks-cluster-name': CLUSTER,
  [`kubernetes.io/cluster/${CLUSTER}`]: 'owned',
  'Name': 'default-7xk2p',
};

export const ARN = {
  loadBalancer: `arn:aws:elasticloadbalancing:${REGION}:${A}:loadbalancer/app/k8s-chatbot-chatbot-0a1b2c3d4e/50dc6c495c0c9188`,
  deletedLoadBalancer: `arn:aws:elasticloadbalancing:${REGION}:${A}:loadbalancer/app/k8s-chatbot-old-9f8e7d6c5b/1a2b3c4d5e6f7a8b`,
  otherLoadBalancer: `arn:aws:elasticloadbalancing:${REGION}:${A}:loadbalancer/app/k8s-shop-web-1122334455/aabbccddeeff0011`,
  prodLoadBalancer: `arn:aws:elasticloadbalancing:${REGION}:${A}:loadbalancer/net/k8s-chatbot-prod-5566778899/0011223344556677`,
  targetGroup: `arn:aws:elasticloadbalancing:${REGION}:${A}:targetgroup/k8s-chatbot-chatbot-6f5e4d3c2b/73e2d6bc24d8a067`,
  securityGroup: `arn:aws:ec2:${REGION}:${A}:security-group/sg-0b1c2d3e4f5a6b7c8`,
  natGateway: `arn:aws:ec2:${REGION}:${A}:natgateway/nat-0a1b2c3d4e5f60718`,
  vpc: `arn:aws:ec2:${REGION}:${A}:vpc/vpc-0e1d2c3b4a5968778`,
  karpenterNode: `arn:aws:ec2:${REGION}:${A}:instance/i-0karpenter0000001`,
  terminatedNode: `arn:aws:ec2:${REGION}:${A}:instance/i-0terminated000001`,
  pvcVolume: `arn:aws:ec2:${REGION}:${A}:volume/vol-0pvc000000000001`,
  liveKey: `arn:aws:kms:${REGION}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  pendingKey: `arn:aws:kms:${REGION}:${A}:key/0987dcba-09fe-87dc-65ba-ab0987654321`,
  webAcl: `arn:aws:wafv2:us-east-1:${A}:global/webacl/qa-dev-site/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
  prodVolume: `arn:aws:ec2:${REGION}:${A}:volume/vol-0prod00000000001`,
};
export const VPC_ID = 'vpc-0e1d2c3b4a5968778';
export const SITE_BUCKET = `qa-dev-chatbot-ui-${A}`;

/** What a `dev` destroy left: the report must find every one of these. */
export function leakyAccount(): FakeAccount {
  const account = emptyAccount(A);
  account.tagIndex[REGION] = [
    // the stacks' own tags: the VPC and NAT gateway a stuck destroy left, a key, and resources of
    // prod, a key already pending deletion and a node already terminated (tag index lag)
    { arn: ARN.vpc, tags: tags({ ...DEV, Name: 'qa-dev' }) },
    { arn: ARN.natGateway, tags: tags({ ...DEV, Name: 'qa-dev-nat-a' }) },
    { arn: ARN.liveKey, tags: tags(DEV) },
    { arn: ARN.pendingKey, tags: tags(DEV) },
    { arn: ARN.terminatedNode, tags: tags({ ...DEV, 'eks:cluster-name': CLUSTER, 'eks:nodegroup-name': 'qa-dev-system' }) },
    { arn: ARN.prodVolume, tags: tags(PROD) },
    // the load balancer controller's
    { arn: ARN.loadBalancer, tags: tags({ 'elbv2.k8s.aws/cluster': CLUSTER, 'ingress.k8s.aws/stack': 'chatbot/chatbot', 'ingress.k8s.aws/resource': 'LoadBalancer' }) },
    { arn: ARN.deletedLoadBalancer, tags: tags({ 'elbv2.k8s.aws/cluster': CLUSTER, 'ingress.k8s.aws/stack': 'chatbot/old' }) },
    { arn: ARN.targetGroup, tags: tags({ 'elbv2.k8s.aws/cluster': CLUSTER, 'ingress.k8s.aws/stack': 'chatbot/chatbot', 'service.k8s.aws/resource': 'chatbot:80' }) },
    { arn: ARN.securityGroup, tags: tags({ 'elbv2.k8s.aws/cluster': CLUSTER, 'elbv2.k8s.aws/resource': 'ManagedLBSecurityGroup', 'ingress.k8s.aws/stack': 'chatbot/chatbot' }) },
    { arn: ARN.otherLoadBalancer, tags: tags({ 'elbv2.k8s.aws/cluster': 'shop' }) },
    // Karpenter's node and the EBS CSI driver's volume
    { arn: ARN.karpenterNode, tags: tags(KARPENTER_NODE) },
    { arn: ARN.pvcVolume, tags: tags({ [`kubernetes.io/cluster/${CLUSTER}`]: 'owned', 'KubernetesCluster': CLUSTER, 'ebs.csi.aws.com/cluster': 'true', 'kubernetes.io/created-for/pvc/name': 'data-redis-0' }) },
  ];
  account.tagIndex['us-east-1'] = [{ arn: ARN.webAcl, tags: tags(DEV) }];

  account.vpcs = [
    { id: VPC_ID, cidr: '10.20.0.0/16', tags: tags({ ...DEV, Name: 'qa-dev' }) },
    { id: 'vpc-0prod0000000000001', cidr: '10.30.0.0/16', tags: tags({ ...PROD, Name: 'qa-prod' }) },
  ];
  account.instances = [
    { id: 'i-0karpenter0000001', type: 'm7i.large', state: 'running', vpcId: VPC_ID, subnetId: 'subnet-0a1', spot: true, tags: tags(KARPENTER_NODE) },
    // a node of the managed node group whose deletion failed
    { id: 'i-0system0000000001', type: 'm6i.large', state: 'running', vpcId: VPC_ID, subnetId: 'subnet-0a2', tags: tags({ ...DEV, 'eks:cluster-name': CLUSTER, 'eks:nodegroup-name': 'qa-dev-system' }) },
    // a stopped instance someone started in the VPC by hand: its volumes bill, the instance does not
    { id: 'i-0stopped000000001', type: 't3.micro', state: 'stopped', vpcId: VPC_ID, subnetId: 'subnet-0a2', tags: tags({ Name: 'debug' }) },
    { id: 'i-0terminated000001', type: 'm7i.large', state: 'terminated', vpcId: VPC_ID, subnetId: 'subnet-0a1', tags: tags(DEV) },
    { id: 'i-0prod000000000001', type: 'm7i.large', state: 'running', vpcId: 'vpc-0prod0000000000001', subnetId: 'subnet-0p1', tags: tags(PROD) },
  ];
  account.networkInterfaces = [
    {
      id: 'eni-0elb00000000001',
      vpcId: VPC_ID,
      subnetId: 'subnet-0a1',
      description: 'ELB app/k8s-chatbot-chatbot-0a1b2c3d4e/50dc6c495c0c9188',
      status: 'in-use',
      requesterId: 'amazon-elb',
      attachment: { id: 'ela-attach-0elb0001', deviceIndex: 1 },
      publicIp: '203.0.113.10',
      tags: [],
    },
    { id: 'eni-0cni00000000001', vpcId: VPC_ID, subnetId: 'subnet-0a1', description: 'aws-K8S-i-0karpenter0000001', status: 'available', tags: tags({ 'cluster.k8s.amazonaws.com/name': CLUSTER, 'node.k8s.amazonaws.com/instance_id': 'i-0karpenter0000001' }) },
    { id: 'eni-0node0000000001', vpcId: VPC_ID, subnetId: 'subnet-0a1', description: '', status: 'in-use', attachment: { id: 'eni-attach-0node0001', instanceId: 'i-0karpenter0000001', deviceIndex: 0 }, tags: [] },
    { id: 'eni-0prod0000000001', vpcId: 'vpc-0prod0000000000001', subnetId: 'subnet-0p1', description: 'prod node', status: 'in-use', tags: [] },
  ];
  account.volumes = [
    { id: 'vol-0pvc000000000001', sizeGiB: 20, type: 'gp3', state: 'available', tags: tags({ [`kubernetes.io/cluster/${CLUSTER}`]: 'owned', 'KubernetesCluster': CLUSTER, 'ebs.csi.aws.com/cluster': 'true' }) },
    // the Karpenter node's root volume carries no tags of its own: found through its instance
    { id: 'vol-0root00000000001', sizeGiB: 50, type: 'gp3', state: 'in-use', attachedTo: 'i-0karpenter0000001', tags: [] },
    { id: 'vol-0prod00000000001', sizeGiB: 100, type: 'gp3', state: 'in-use', attachedTo: 'i-0prod000000000001', tags: tags(PROD) },
  ];
  account.loadBalancers = [
    { arn: ARN.otherLoadBalancer, name: 'k8s-shop-web-1122334455', type: 'application', vpcId: 'vpc-0shop', dnsName: 'k8s-shop-web-1122334455-1.eu-west-1.elb.amazonaws.com', tags: tags({ 'elbv2.k8s.aws/cluster': 'shop' }) },
    { arn: ARN.prodLoadBalancer, name: 'k8s-chatbot-prod-5566778899', type: 'network', vpcId: 'vpc-0prod0000000000001', dnsName: 'k8s-chatbot-prod-5566778899.elb.eu-west-1.amazonaws.com', tags: tags({ 'elbv2.k8s.aws/cluster': 'qa-prod' }) },
    { arn: ARN.loadBalancer, name: 'k8s-chatbot-chatbot-0a1b2c3d4e', type: 'application', vpcId: VPC_ID, dnsName: 'k8s-chatbot-chatbot-0a1b2c3d4e-1234567890.eu-west-1.elb.amazonaws.com', tags: tags({ 'elbv2.k8s.aws/cluster': CLUSTER, 'ingress.k8s.aws/stack': 'chatbot/chatbot' }) },
  ];
  account.targetGroups = [
    { arn: `arn:aws:elasticloadbalancing:${REGION}:${A}:targetgroup/k8s-shop-web-0011223344/0102030405060708`, name: 'k8s-shop-web-0011223344', vpcId: 'vpc-0shop', port: 8080, loadBalancerArns: [ARN.otherLoadBalancer], tags: tags({ 'elbv2.k8s.aws/cluster': 'shop' }) },
    { arn: `arn:aws:elasticloadbalancing:${REGION}:${A}:targetgroup/k8s-shop-api-0011223355/0102030405060709`, name: 'k8s-shop-api-0011223355', vpcId: 'vpc-0shop', port: 8081, loadBalancerArns: [ARN.otherLoadBalancer], tags: [] },
    { arn: ARN.targetGroup, name: 'k8s-chatbot-chatbot-6f5e4d3c2b', vpcId: VPC_ID, port: 3000, loadBalancerArns: [ARN.loadBalancer], tags: tags({ 'elbv2.k8s.aws/cluster': CLUSTER }) },
  ];
  account.logGroups = [
    { name: '/aws/eks/qa-dev/cluster', storedBytes: 2 * 1024 ** 3, retentionInDays: 14 },
    { name: '/aws/eks/qa-devx/cluster', storedBytes: 1024, retentionInDays: 14 },
    { name: '/aws/eks/qa-prod/cluster', storedBytes: 1024, retentionInDays: 30 },
    { name: '/aws/containerinsights/qa-dev/performance', storedBytes: 512 * 1024 ** 2 },
    { name: '/qa/dev/chatbot/application', storedBytes: 0, retentionInDays: 14 },
    { name: '/qa/dev/chatbot/metrics', storedBytes: 0, retentionInDays: 14 },
    { name: '/qa/dev/otel-collector', storedBytes: 0, retentionInDays: 14 },
    { name: '/qa/prod/chatbot/application', storedBytes: 0, retentionInDays: 30 },
  ];
  account.repositories = [
    { name: 'platform/base-images', images: [] },
    { name: 'qa-prod/chatbot', images: [{ digest: 'sha256:00', tags: ['v1'], sizeBytes: 100 }] },
    {
      name: 'qa-dev/chatbot',
      images: [
        { digest: `sha256:${'a'.repeat(64)}`, tags: ['1.4.0', 'sha-aaaaaaa'], sizeBytes: 150 * 1024 ** 2 },
        { digest: `sha256:${'b'.repeat(64)}`, tags: ['1.3.2'], sizeBytes: 150 * 1024 ** 2 },
        { digest: `sha256:${'c'.repeat(64)}`, tags: [], sizeBytes: 100 * 1024 ** 2 },
      ],
    },
  ];
  account.keys = [
    { id: '1234abcd-12ab-34cd-56ef-1234567890ab', state: 'Enabled', manager: 'CUSTOMER', description: 'qa-dev parameters', tags: tags(DEV), aliases: ['alias/qa-dev-params'] },
    { id: '0987dcba-09fe-87dc-65ba-ab0987654321', state: 'PendingDeletion', manager: 'CUSTOMER', description: 'qa-dev ECR', tags: tags(DEV), aliases: [] },
    { id: '5555aaaa-55aa-55aa-55aa-5555aaaa5555', state: 'Enabled', manager: 'CUSTOMER', description: 'EKS secrets', tags: [], aliases: ['alias/qa-dev-eks-secrets'] },
    { id: '6666bbbb-66bb-66bb-66bb-6666bbbb6666', state: 'Enabled', manager: 'AWS', description: 'Default key for EBS', tags: [], aliases: ['alias/aws/ebs'] },
    { id: '7777cccc-77cc-77cc-77cc-7777cccc7777', state: 'Enabled', manager: 'CUSTOMER', description: 'qa-prod parameters', tags: tags(PROD), aliases: ['alias/qa-prod-params'] },
  ];
  account.zones = [
    { id: 'Z0EMPTY000000000001', name: 'internal.example.', private: true, records: [{ Name: 'internal.example.', Type: 'SOA', values: ['ns-1.awsdns-00.org. hostmaster 1 7200 900 1209600 86400'] }] },
    { id: 'Z0PROD0000000000001', name: 'prod.example.com.', records: [{ Name: 'prod.example.com.', Type: 'NS', values: ['ns-2.awsdns-00.net.'] }] },
    {
      id: 'Z0EXAMPLE000000001',
      name: 'example.com.',
      records: [
        { Name: 'example.com.', Type: 'NS', values: ['ns-1.awsdns-00.org.'] },
        { Name: 'example.com.', Type: 'SOA', values: ['ns-1.awsdns-00.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'] },
        // the current registry format marks the A record with `a-<name>`, the old one sits beside it
        { Name: 'a-chat.example.com.', Type: 'TXT', values: [`"heritage=external-dns,external-dns/owner=${CLUSTER},external-dns/resource=ingress/chatbot/chatbot"`] },
        { Name: 'chat.example.com.', Type: 'A', alias: { HostedZoneId: 'Z32O12XQLNTSW2', DNSName: 'k8s-chatbot-chatbot-0a1b2c3d4e-1234567890.eu-west-1.elb.amazonaws.com.' } },
        { Name: 'chat.example.com.', Type: 'TXT', values: [`"heritage=external-dns,external-dns/owner=${CLUSTER},external-dns/resource=ingress/chatbot/chatbot"`] },
        // other owners: prod, and a cluster whose name starts with ours
        { Name: 'a-shop.example.com.', Type: 'TXT', values: ['"heritage=external-dns,external-dns/owner=qa-devx,external-dns/resource=ingress/shop/web"'] },
        { Name: 'shop.example.com.', Type: 'A', alias: { HostedZoneId: 'Z32O12XQLNTSW2', DNSName: 'k8s-shop-web-1122334455-1.eu-west-1.elb.amazonaws.com.' } },
        { Name: 'www.example.com.', Type: 'CNAME', TTL: 300, values: ['example.github.io'] },
      ],
    },
  ];
  account.buckets = [
    { name: `qa-tfstate-${A}-${REGION}`, region: REGION, versions: [{ key: 'platform-dev/terraform.tfstate', versionId: 'v1', size: 100 }] },
    {
      name: SITE_BUCKET,
      region: REGION,
      versions: [
        { key: 'index.html', versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY', size: 2048 },
        { key: 'index.html', versionId: 'Y9.7hA3nHJvOKaeS6qNUYl6IXbvfBxcU', size: 2000 },
        { key: 'assets/app.js', versionId: 'QUpfdndhfd8438MNFDN93jdnJFkdmqnh', size: 300 * 1024 },
      ],
      deleteMarkers: [{ key: 'old.html', versionId: 'bcdZTBdtgcUi48hxZ_7gKkKf8dGKv3Kb' }],
    },
    { name: 'someone-elses-bucket', region: 'us-east-1', versions: [] },
  ];
  return account;
}

/**
 * An account where dev was destroyed cleanly: only prod, other clusters, AWS managed keys, keys
 * pending deletion and tag-index entries of deleted resources remain.
 */
export function cleanAccount(): FakeAccount {
  const leaky = leakyAccount();
  const account = emptyAccount(A);
  const others = (arn: string) => [ARN.otherLoadBalancer, ARN.prodVolume, ARN.pendingKey, ARN.deletedLoadBalancer, ARN.terminatedNode].includes(arn);
  account.tagIndex[REGION] = leaky.tagIndex[REGION].filter((r) => others(r.arn));
  account.vpcs = leaky.vpcs.filter((v) => v.id !== VPC_ID);
  account.instances = leaky.instances.filter((i) => i.vpcId !== VPC_ID || i.state === 'terminated');
  account.networkInterfaces = leaky.networkInterfaces.filter((n) => n.vpcId !== VPC_ID);
  account.volumes = leaky.volumes.filter((v) => v.id === 'vol-0prod00000000001');
  account.loadBalancers = leaky.loadBalancers.filter((lb) => lb.arn !== ARN.loadBalancer);
  account.targetGroups = leaky.targetGroups.filter((tg) => tg.arn !== ARN.targetGroup);
  account.logGroups = leaky.logGroups.filter((g) => !g.name.includes('/qa-dev/') && !g.name.startsWith('/qa/dev/'));
  account.repositories = leaky.repositories.filter((r) => !r.name.startsWith('qa-dev/'));
  account.keys = leaky.keys.filter((k) => k.state === 'PendingDeletion' || k.manager === 'AWS' || k.description.startsWith('qa-prod'));
  account.zones = leaky.zones.map((z) => ({ ...z, records: z.records.filter((r) => !r.Name.includes('chat.example.com')) }));
  account.buckets = leaky.buckets.filter((b) => b.name !== SITE_BUCKET);
  return account;
}

/** A config folder (project.yaml, dev.yaml, prod.yaml) as the stacks read it; `remove()` deletes it. */
export function configFolder(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'leak-report-config-'));
  writeFileSync(join(dir, 'project.yaml'), stringify(rawProject()));
  writeFileSync(join(dir, 'dev.yaml'), stringify(rawEnvironment('dev')));
  writeFileSync(join(dir, 'prod.yaml'), stringify(rawEnvironment('prod')));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
