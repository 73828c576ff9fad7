/**
 * What the teardown tests run against: a config folder (dev with a Route 53 chat host, so external-
 * dns's records are waited for), the app synthesized from it, one loopback AWS endpoint (FakeAws:
 * STS, EKS, EC2, ELBv2, Route 53, S3 and the leak report's services) and a loopback Kubernetes API
 * (FakeKubernetes) that the EKS cluster's endpoint points at. `leftovers()` puts what the
 * controllers made into the account; each disappears after a number of polls of its own API, as
 * when its controller deletes it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { stringify } from 'yaml';
import { stateBucketName } from '../../../modules/shared/naming';
import { buildPlatformApp } from '../../../stacks/app';
import { resolveConfig } from '../../../stacks/config';
import { rawEnvironment, rawProject, TEST_ACCOUNT } from '../../support/environment';
import { type FakeAccount, type FakeAws, type FakeService, type Tag } from '../../support/fake-aws';
import { APPLICATIONS, NODEPOOLS, type FakeKubernetes, type FakeObject } from '../../support/fake-kubernetes';
import { ARN, CLUSTER, cleanAccount, REGION, VPC_ID } from '../leak-report/fixtures';

export { CLUSTER, REGION };
export const ZONE_ID = 'Z0EXAMPLE000000001';
export const STATE_BUCKET = stateBucketName('qa', TEST_ACCOUNT, REGION);
export const ARGOCD_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

const tags = (record: Record<string, string>): Tag[] => Object.entries(record).map(([Key, Value]) => ({ Key, Value }));

/** dev with a chat host in a Route 53 zone (external-dns, policy sync); prod as the tests' default. */
export function rawDocuments() {
  return {
    project: rawProject(),
    environments: {
      dev: rawEnvironment('dev', { edge: { domain: 'chat.example.com', dns: { provider: 'route53', hostedZoneId: ZONE_ID } } }),
      prod: rawEnvironment('prod'),
    },
  };
}

/** The config folder and the synthesized app (cdktf.out) of `rawDocuments()`; `remove()` deletes both. */
export function workspace(): { configDir: string; outdir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'teardown-'));
  const configDir = join(dir, 'config');
  const outdir = join(dir, 'cdktf.out');
  const raw = rawDocuments();
  mkdirSync(configDir);
  writeFileSync(join(configDir, 'project.yaml'), stringify(raw.project));
  for (const [name, doc] of Object.entries(raw.environments)) writeFileSync(join(configDir, `${name}.yaml`), stringify(doc));
  buildPlatformApp(resolveConfig(raw), new App({ outdir })).app.synth();
  return { configDir, outdir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Terraform state documents: the add-ons already empty or not, the platform with resources. */
export function stateObjects(addonsResources = 30, platformResources = 200): Record<string, string> {
  const state = (n: number) => JSON.stringify({ version: 4, resources: Array.from({ length: n }, (_, i) => ({ mode: 'managed', type: 'null_resource', name: `r${i}`, instances: [{}] })) });
  return { 'addons-dev/terraform.tfstate': state(addonsResources), 'platform-dev/terraform.tfstate': state(platformResources) };
}

/** An account where dev is clean except for what the drain waits for, with the cluster and state bucket. */
export function accountWithCluster(kubeEndpoint: string, caData: string): FakeAccount {
  const account = cleanAccount();
  const stateBucket = { name: STATE_BUCKET, region: REGION, versions: [], objects: stateObjects() };
  account.buckets = [...account.buckets.filter((b) => b.name !== STATE_BUCKET), stateBucket];
  account.clusters = [{ name: CLUSTER, endpoint: kubeEndpoint, certificateAuthority: caData }];
  return account;
}

/** What the controllers made for dev: a Karpenter node, the chat ALB, its target group and security group, the chat records. */
export const LEFTOVER = {
  instance: 'i-0karpenter0000001',
  loadBalancer: 'k8s-chatbot-chatbot-0a1b2c3d4e',
  targetGroup: 'k8s-chatbot-chatbot-6f5e4d3c2b',
  securityGroup: 'sg-0b1c2d3e4f5a6b7c8',
  record: 'chat.example.com.',
};

export interface LeftoverPlan {
  /** Polls of each API before its leftovers are gone; `Infinity` keeps them (stuck). */
  readonly instances?: number;
  readonly loadBalancers?: number;
  readonly securityGroups?: number;
  readonly records?: number;
}

/**
 * Put the controllers' resources into `fake.account` and make each kind disappear after its number
 * of polls: DescribeInstances (Karpenter's filter), DescribeLoadBalancers, DescribeSecurityGroups,
 * ListHostedZones. Returns the polls counted per kind.
 */
export function leftovers(fake: FakeAws, plan: LeftoverPlan): Record<'instances' | 'loadBalancers' | 'securityGroups' | 'records', number> {
  const account = fake.account;
  const karpenter = { 'karpenter.sh/nodepool': 'default', 'karpenter.sh/nodeclaim': 'default-7xk2p', 'eks:eks-cluster-name': CLUSTER, [`kubernetes.io/cluster/${CLUSTER}`]: 'owned' };
  account.instances.push({ id: LEFTOVER.instance, type: 'm7i.large', state: 'running', vpcId: VPC_ID, subnetId: 'subnet-0a1', spot: true, tags: tags(karpenter) });
  account.loadBalancers.push({
    arn: ARN.loadBalancer,
    name: LEFTOVER.loadBalancer,
    type: 'application',
    vpcId: VPC_ID,
    dnsName: 'k8s-chatbot-chatbot-0a1b2c3d4e-1234567890.eu-west-1.elb.amazonaws.com',
    tags: tags({ 'elbv2.k8s.aws/cluster': CLUSTER, 'ingress.k8s.aws/stack': 'chatbot/chatbot' }),
  });
  account.targetGroups.push({ arn: ARN.targetGroup, name: LEFTOVER.targetGroup, vpcId: VPC_ID, port: 3000, loadBalancerArns: [ARN.loadBalancer], tags: tags({ 'elbv2.k8s.aws/cluster': CLUSTER }) });
  account.securityGroups = [
    ...(account.securityGroups ?? []),
    { id: LEFTOVER.securityGroup, name: 'k8s-chatbot-chatbot-0a1b2c3d4e', vpcId: VPC_ID, description: '[k8s] Managed SecurityGroup for LoadBalancer', tags: tags({ 'elbv2.k8s.aws/cluster': CLUSTER, 'elbv2.k8s.aws/resource': 'ManagedLBSecurityGroup' }) },
    // another cluster's group: never waited for
    { id: 'sg-0shop000000000001', name: 'k8s-shop-web', vpcId: 'vpc-0shop', description: '[k8s] shop', tags: tags({ 'elbv2.k8s.aws/cluster': 'shop' }) },
  ];
  const zone = account.zones.find((z) => z.id === ZONE_ID)!;
  const owner = `"heritage=external-dns,external-dns/owner=${CLUSTER},external-dns/resource=ingress/chatbot/chatbot"`;
  account.zones = account.zones.map((z) => (z.id !== ZONE_ID ? z : {
    ...zone,
    records: [
      ...zone.records,
      { Name: 'a-chat.example.com.', Type: 'TXT', values: [owner] },
      { Name: LEFTOVER.record, Type: 'A', alias: { HostedZoneId: 'Z32O12XQLNTSW2', DNSName: 'k8s-chatbot-chatbot-0a1b2c3d4e-1234567890.eu-west-1.elb.amazonaws.com.' } },
    ],
  }));

  const polls = { instances: 0, loadBalancers: 0, securityGroups: 0, records: 0 };
  const counted: Array<[keyof typeof polls, FakeService, string, (params: Record<string, unknown>) => boolean, () => void]> = [
    ['instances', 'ec2', 'DescribeInstances', (p) => Object.values(p).includes('karpenter.sh/nodepool'), () => {
      account.instances = account.instances.map((i) => (i.id === LEFTOVER.instance ? { ...i, state: 'terminated' } : i));
    }],
    ['loadBalancers', 'elasticloadbalancing', 'DescribeLoadBalancers', () => true, () => {
      account.loadBalancers = account.loadBalancers.filter((lb) => lb.arn !== ARN.loadBalancer);
      account.targetGroups = account.targetGroups.filter((tg) => tg.arn !== ARN.targetGroup);
    }],
    ['securityGroups', 'ec2', 'DescribeSecurityGroups', () => true, () => {
      account.securityGroups = (account.securityGroups ?? []).filter((g) => g.id !== LEFTOVER.securityGroup);
    }],
    ['records', 'route53', 'ListHostedZones', () => true, () => {
      account.zones = account.zones.map((z) => ({ ...z, records: z.records.filter((r) => !r.Name.includes('chat.example.com')) }));
    }],
  ];
  const previous = fake.onRequest;
  fake.onRequest = (request) => {
    previous?.(request);
    for (const [kind, service, operation, matches, remove] of counted) {
      if (request.service !== service || request.operation !== operation || !matches(request.params)) continue;
      polls[kind]++;
      // The answer to poll N+1 no longer has it: the controller deleted it after N looks.
      if (polls[kind] === (plan[kind] ?? 0) + 1) remove();
    }
  };
  return polls;
}

/** The Argo CD Applications of dev (root and two children) and Karpenter's NodePool, as they run. */
export interface ClusterObjectOptions {
  readonly root?: Partial<FakeObject>;
  readonly chatbot?: Partial<FakeObject>;
  /** null: Karpenter is not installed. */
  readonly nodePool?: Partial<FakeObject> | null;
  /** false: Argo CD is not installed. */
  readonly argo?: boolean;
}

export function clusterObjects(kube: FakeKubernetes, options: ClusterObjectOptions = {}): void {
  if (options.argo !== false) {
    kube.install(APPLICATIONS, [
      { name: 'root-dev', namespace: 'argocd', finalizers: [ARGOCD_FINALIZER], goneAfterPolls: 2, ...options.root },
      { name: 'chatbot-dev', namespace: 'argocd', finalizers: [ARGOCD_FINALIZER], ownedBy: 'root-dev', goneAfterPolls: 1, ...options.chatbot },
      { name: 'platform-dev', namespace: 'argocd', finalizers: [ARGOCD_FINALIZER], ownedBy: 'root-dev', goneAfterPolls: 1 },
    ]);
  }
  if (options.nodePool !== null) {
    kube.install(NODEPOOLS, [{ name: 'default', finalizers: ['karpenter.sh/termination'], goneAfterPolls: 2, ...options.nodePool }]);
  }
}
