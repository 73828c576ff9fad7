/**
 * The teardown in-process (runTeardown), with the real AWS SDK clients against the loopback AWS
 * endpoint (STS, EKS, EC2, ELBv2, Route 53, S3 and the leak report's services), the real
 * @kubernetes/client-node against a loopback Kubernetes API, the real state store and leak
 * report, and a recording cdktf (the real CLI runs in teardown-task.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { leftovers, accountWithCluster, clusterObjects, LEFTOVER, STATE_BUCKET, workspace, ARGOCD_FINALIZER, type LeftoverPlan } from './harness';
import { AwsClients } from '../../../tools/leak-report/src/aws-clients';
import { S3StateStore } from '../../../tools/stack-lifecycle/src/state-store';
import { runTeardown, type TeardownIo } from '../../../tools/teardown/src/teardown';
import { applyEnv, awsTestEnv } from '../../support/aws-test-env';
import { FakeAws, type FakeAccount } from '../../support/fake-aws';
import { APPLICATIONS, FakeKubernetes, NODEPOOLS } from '../../support/fake-kubernetes';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** cdktf calls, in order. */
  readonly cdktf: string[][];
  /** Every call to the fakes and cdktf, in order: `aws <service> <operation>`, `kube <METHOD> <path>`, `cdktf <args>`. */
  readonly timeline: string[];
  readonly fake: FakeAws;
  readonly kube: FakeKubernetes;
  readonly polls: ReturnType<typeof leftovers>;
}

interface Scenario {
  readonly args?: readonly string[];
  /** Arguments made once the fakes run (they may name a file the scenario wrote). */
  readonly argsFor?: () => readonly string[];
  readonly leftovers?: LeftoverPlan;
  readonly cluster?: (kube: FakeKubernetes) => void;
  readonly account?: (account: FakeAccount, kubeEndpoint: string) => void;
  readonly timeouts?: TeardownIo['timeouts'];
  readonly confirm?: string;
  readonly cdktfExit?: (args: readonly string[]) => number;
  readonly denied?: readonly string[];
}

let ws: ReturnType<typeof workspace>;
before(function () {
  this.timeout(120_000);
  ws = workspace();
});
after(() => ws.remove());

async function teardown(scenario: Scenario = {}): Promise<Run> {
  const kube = new FakeKubernetes();
  const kubeEndpoint = await kube.start();
  let fake: FakeAws | undefined;
  let restore: (() => void) | undefined;
  let clients: AwsClients | undefined;
  try {
    (scenario.cluster ?? ((k) => clusterObjects(k)))(kube);
    const account = accountWithCluster(kubeEndpoint, kube.caData);
    scenario.account?.(account, kubeEndpoint);
    fake = new FakeAws(account);
    for (const d of scenario.denied ?? []) fake.denied.add(d);
    const timeline: string[] = [];
    fake.onRequest = (r) => timeline.push(`aws ${r.service} ${r.operation}`);
    kube.onRequest = (r) => timeline.push(`kube ${r.method} ${r.path}`);
    const polls = leftovers(fake, scenario.leftovers ?? { instances: 2, loadBalancers: 2, securityGroups: 1, records: 2 });
    const endpoint = await fake.start();
    restore = applyEnv(awsTestEnv({ endpoints: { AWS_ENDPOINT_URL: endpoint } }));
    clients = new AwsClients({ maxAttempts: 2 });
    let out = '';
    let err = '';
    const cdktf: string[][] = [];
    const code = await runTeardown(scenario.argsFor?.() ?? scenario.args ?? ['dev', '--auto-approve', '--skip-synth', '--output', ws.outdir], {
      cwd: process.cwd(),
      env: { ...process.env, PLATFORM_CONFIG_DIR: ws.configDir },
      log: (line) => { out += `${line}\n`; },
      error: (line) => { err += `${line}\n`; },
      store: new S3StateStore(1),
      ensureNative: () => 0,
      cdktf: async (args) => {
        cdktf.push([...args]);
        timeline.push(`cdktf ${args.join(' ')}`);
        const exit = scenario.cdktfExit?.(args) ?? 0;
        // What a successful destroy leaves in the state bucket: an empty state.
        if (exit === 0 && args[0] === 'destroy') {
          const bucket = account.buckets.find((b) => b.name === STATE_BUCKET)!;
          Object.assign(bucket, { objects: { ...bucket.objects, [`${args[1]}/terraform.tfstate`]: JSON.stringify({ version: 4, resources: [] }) } });
        }
        return exit;
      },
      confirm: async () => scenario.confirm,
      clients,
      intervalMs: 5,
      heartbeatMs: 40,
      timeouts: scenario.timeouts,
    });
    return { code, out, err, cdktf, timeline, fake, kube, polls };
  } finally {
    clients?.destroy();
    restore?.();
    await fake?.stop();
    await kube.stop();
  }
}

const destroys = (run: Run) => run.cdktf.filter((a) => a[0] === 'destroy').map((a) => a[1]);

describe('teardown (in-process: real SDK, client-node and leak report against loopback AWS and Kubernetes)', function () {
  this.timeout(60_000);

  describe('a cluster with apps, a NodePool and controller-made resources that go', () => {
    let run: Run;
    before(async () => {
      run = await teardown();
    });

    it('exits 0 with a clean leak report', () => {
      expect(run.code, run.err + run.out).to.equal(0);
      expect(run.out).to.contain('Result: clean.');
      expect(run.out).to.contain('teardown: dev is gone; nothing of it is left in account');
    });

    it('deletes the root app (which carries the cascade finalizer already), never patching it', () => {
      expect(run.kube.calls('DELETE', '/namespaces/argocd/applications/root-dev')).to.have.length(1);
      expect(run.kube.calls('PATCH')).to.deep.equal([]);
      expect(run.kube.object(APPLICATIONS, 'root-dev', 'argocd')).to.equal(undefined);
      expect(run.kube.object(APPLICATIONS, 'chatbot-dev', 'argocd')).to.equal(undefined);
    });

    it('deletes the NodePool only after the root app is gone (Argo CD would re-create it), and waits for it', () => {
      const paths = run.kube.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
      const deleteRoot = paths.indexOf('DELETE /apis/argoproj.io/v1alpha1/namespaces/argocd/applications/root-dev 200');
      const deletePool = paths.indexOf('DELETE /apis/karpenter.sh/v1/nodepools/default 200');
      const lastAppList = paths.map((p) => p === 'GET /apis/argoproj.io/v1alpha1/namespaces/argocd/applications 200').lastIndexOf(true);
      expect(deleteRoot).to.be.greaterThan(-1);
      expect(deletePool).to.be.greaterThan(lastAppList);
      expect(run.kube.object(NODEPOOLS, 'default')).to.equal(undefined);
    });

    it('authenticates with an EKS token: a presigned sts:GetCallerIdentity for the cluster, signed with the caller\'s keys', () => {
      expect(run.kube.tokens).to.not.be.empty;
      const token = run.kube.tokens[0];
      expect(token.startsWith('k8s-aws-v1.')).to.equal(true);
      const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));
      expect(url.host).to.equal('sts.eu-west-1.amazonaws.com');
      expect(url.searchParams.get('Action')).to.equal('GetCallerIdentity');
      expect(url.searchParams.get('Version')).to.equal('2011-06-15');
      expect(url.searchParams.get('X-Amz-Algorithm')).to.equal('AWS4-HMAC-SHA256');
      expect(url.searchParams.get('X-Amz-Expires')).to.equal('60');
      expect(url.searchParams.get('X-Amz-Credential')).to.match(/^AKIDTESTFAKE\/\d{8}\/eu-west-1\/sts\/aws4_request$/);
      expect(url.searchParams.get('X-Amz-SignedHeaders')!.split(';')).to.include.members(['host', 'x-k8s-aws-id']);
      expect(url.searchParams.get('X-Amz-Signature')).to.match(/^[0-9a-f]{64}$/);
    });

    it('waits for each kind of leftover until it is gone, printing what it waits for and when it went', () => {
      for (const what of ['instances Karpenter launched for cluster qa-dev', 'load balancers and target groups of cluster qa-dev', 'security groups of cluster qa-dev', 'Route 53 records external-dns owns for qa-dev']) {
        expect(run.out).to.match(new RegExp(`teardown: waiting up to \\d+m for ${what.replace(/[()]/g, '\\$&')}[^;]*; \\d+ left: `));
        expect(run.out).to.match(new RegExp(`teardown: ${what.replace(/[()]/g, '\\$&')}[^:]*: gone after `));
      }
      expect(run.out).to.contain(`1 left: ${LEFTOVER.instance} (m7i.large, running, nodepool default)`);
      expect(run.out).to.contain(`load balancer ${LEFTOVER.loadBalancer}, target group ${LEFTOVER.targetGroup}`);
      expect(run.out).to.contain(`${LEFTOVER.securityGroup} (k8s-chatbot-chatbot-0a1b2c3d4e)`);
      expect(run.out).to.not.contain('sg-0shop000000000001');
      expect(run.out).to.contain('chat.example.com. A in zone Z0EXAMPLE000000001');
      // Seen on every poll until the controller deleted it (the leak report lists load balancers once more).
      expect(run.polls).to.deep.include({ instances: 3, securityGroups: 2 });
      expect(run.polls.loadBalancers).to.be.at.least(3);
    });

    it('destroys addons-dev, then platform-dev, only after every wait (the stack order of the manifest)', () => {
      expect(destroys(run)).to.deep.equal(['addons-dev', 'platform-dev']);
      const firstDestroy = run.timeline.findIndex((t) => t.startsWith('cdktf destroy'));
      const lastDrainCall = run.timeline.map((t) => t === 'aws route53 ListHostedZones').lastIndexOf(true, firstDestroy);
      expect(lastDrainCall).to.be.greaterThan(-1).and.lessThan(firstDestroy);
      for (const args of run.cdktf) expect(args).to.include.members(['--skip-synth', '--auto-approve']);
      expect(run.cdktf.filter((a) => a[0] === 'synth'), 'synthesized once, before: --skip-synth').to.deep.equal([]);
    });

    it('runs the leak report after terraform', () => {
      const lastDestroy = run.timeline.map((t) => t.startsWith('cdktf destroy')).lastIndexOf(true);
      expect(run.timeline.slice(lastDestroy).some((t) => t === 'aws tagging GetResources')).to.equal(true);
      expect(run.timeline.slice(lastDestroy).some((t) => t === 'aws kms ListKeys')).to.equal(true);
    });
  });

  it('gives an Application without the cascade finalizer one (JSON patch, guarded by resourceVersion) before deleting the root', async () => {
    const run = await teardown({ cluster: (k) => clusterObjects(k, { chatbot: { finalizers: [] } }) });
    expect(run.code, run.err).to.equal(0);
    const patches = run.kube.calls('PATCH', '/applications/chatbot-dev');
    expect(patches).to.have.length(1);
    expect(patches[0].contentType).to.equal('application/json-patch+json');
    expect(patches[0].body).to.deep.include({ op: 'add', path: '/metadata/finalizers', value: [ARGOCD_FINALIZER] });
    expect((patches[0].body as Array<{ op: string }>)[0].op).to.equal('test');
    expect(run.out).to.contain('gave Application chatbot-dev the resources finalizer');
  });

  it('re-reads an Application that changed between its read and the finalizer patch, and keeps the other writer\'s finalizer', async () => {
    const concurrent = 'example.com/backup-first';
    const run = await teardown({ cluster: (k) => clusterObjects(k, { chatbot: { finalizers: [], changedBeforeFirstPatch: [concurrent] } }) });
    expect(run.code, run.err).to.equal(0);
    const calls = run.kube.requests.filter((r) => r.path.endsWith('/applications/chatbot-dev'));
    expect(calls.map((r) => [r.method, r.status])).to.deep.equal([['PATCH', 422], ['GET', 200], ['PATCH', 200]]);
    const [stale, fresh] = calls.filter((r) => r.method === 'PATCH').map((r) => r.body as Array<{ op: string; path: string; value: unknown }>);
    expect(stale![0]).to.include({ op: 'test', path: '/metadata/resourceVersion' });
    expect(fresh![0]).to.include({ op: 'test', path: '/metadata/resourceVersion' });
    expect(fresh![0]!.value).to.not.equal(stale![0]!.value);
    expect(fresh![1]).to.deep.equal({ op: 'add', path: '/metadata/finalizers', value: [concurrent, ARGOCD_FINALIZER] });
    expect(run.out).to.contain('gave Application chatbot-dev the resources finalizer');
  });

  it('deletes an Application the root did not own once the root is gone', async () => {
    const run = await teardown({
      cluster: (k) => {
        clusterObjects(k, { nodePool: null });
        k.install(APPLICATIONS, [
          { name: 'root-dev', namespace: 'argocd', finalizers: [ARGOCD_FINALIZER], goneAfterPolls: 1 },
          { name: 'debug-tools', namespace: 'argocd', finalizers: [ARGOCD_FINALIZER], goneAfterPolls: 1 },
        ]);
      },
    });
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.contain('deleted Application debug-tools, which the root app did not own');
    expect(run.out).to.contain('Karpenter is not installed in cluster qa-dev (no NodePool CRD): no NodePools');
  });

  describe('gives up with a clear message, before terraform', () => {
    const shortWaits = { applications: 400, nodePools: 400, instances: 400, loadBalancers: 400, securityGroups: 400, records: 400 };

    it('a load balancer the controller never deletes: names it, the command to see it, where to look; destroys nothing', async () => {
      const stuck = { instances: 0, loadBalancers: Number.POSITIVE_INFINITY, securityGroups: 0, records: 0 };
      const run = await teardown({ leftovers: stuck, timeouts: shortWaits });
      expect(run.code).to.equal(1);
      expect(run.err, run.err).to.match(/teardown: gave up after \d+s waiting for load balancers and target groups of cluster qa-dev \(AWS Load Balancer Controller\)\./);
      expect(run.err).to.contain(`Still there: load balancer ${LEFTOVER.loadBalancer}, target group ${LEFTOVER.targetGroup}.`);
      expect(run.err).to.contain('See them: aws resourcegroupstaggingapi get-resources --tag-filters Key=elbv2.k8s.aws/cluster,Values=qa-dev');
      expect(run.err).to.contain('kubectl -n kube-system logs deploy/aws-load-balancer-controller');
      expect(run.err).to.contain('stopped before terraform');
      expect(run.err).to.contain('npx projen teardown dev again');
      expect(destroys(run)).to.deep.equal([]);
      expect(run.out, 'progress while waiting').to.match(/still waiting for load balancers and target groups of cluster qa-dev|waiting up to 0s for load balancers/);
    });

    it('a root app whose finalizer never completes: names the app and the kubectl command', async () => {
      const run = await teardown({ cluster: (k) => clusterObjects(k, { root: { stuck: true } }), timeouts: shortWaits });
      expect(run.code).to.equal(1);
      expect(run.err).to.contain('waiting for the root app argocd/root-dev and its child apps. Still there: root-dev (deleting)');
      expect(run.err).to.contain('See them: kubectl -n argocd get applications');
      expect(run.kube.calls('DELETE', '/nodepools/default'), 'NodePools wait for the root app').to.deep.equal([]);
      expect(destroys(run)).to.deep.equal([]);
    });

    it('a Karpenter node that is never terminated: names the instance and the describe-instances command', async () => {
      const run = await teardown({ leftovers: { instances: Number.POSITIVE_INFINITY }, timeouts: shortWaits });
      expect(run.code).to.equal(1);
      expect(run.err).to.contain(`Still there: ${LEFTOVER.instance} (m7i.large, running, nodepool default)`);
      expect(run.err).to.contain('aws ec2 describe-instances --filters Name=tag-key,Values=karpenter.sh/nodepool Name=tag-key,Values=kubernetes.io/cluster/qa-dev');
      expect(run.err).to.contain('kubectl -n kube-system logs deploy/karpenter');
      expect(destroys(run)).to.deep.equal([]);
    });

    it('a look that is denied fails at once, naming the call (never read as "gone")', async () => {
      const run = await teardown({ denied: ['ec2:DescribeSecurityGroups'], timeouts: shortWaits });
      expect(run.code).to.equal(1);
      expect(run.err, run.err).to.contain('could not look for security groups of cluster qa-dev (AWS Load Balancer Controller): access denied (UnauthorizedOperation');
      expect(run.err).to.contain('ec2:DescribeSecurityGroups');
      expect(destroys(run)).to.deep.equal([]);
    });
  });

  it('a cluster that is already gone: no drain, both stacks destroyed, leak report', async () => {
    const never = Number.POSITIVE_INFINITY;
    const stay = { instances: never, loadBalancers: never, securityGroups: never, records: never };
    const run = await teardown({ account: (a) => { a.clusters = []; }, leftovers: stay });
    expect(run.out).to.contain('cluster qa-dev does not exist: nothing runs in it to drain');
    expect(run.kube.requests).to.deep.equal([]);
    expect(destroys(run)).to.deep.equal(['addons-dev', 'platform-dev']);
    // Nothing deleted the controllers' resources: the leak report finds them and the exit is 1.
    expect(run.code, run.out).to.equal(1);
    expect(run.out).to.contain(LEFTOVER.loadBalancer);
    expect(run.out).to.match(/teardown: \d+ resource\(s\) of dev are left/);
  });

  it('a failed add-ons destroy stops before the platform; the leak report still runs; exit is terraform\'s', async () => {
    const run = await teardown({ cdktfExit: (args) => (args[0] === 'destroy' && args[1] === 'addons-dev' ? 1 : 0) });
    expect(run.code).to.equal(1);
    expect(destroys(run)).to.deep.equal(['addons-dev']);
    expect(run.err).to.contain('destroying addons-dev failed (exit 1); platform-dev not attempted');
    expect(run.out).to.contain('Leak report: environment dev');
  });

  it('without --auto-approve and no terminal: refuses, changes nothing', async () => {
    const run = await teardown({ args: ['dev', '--skip-synth', '--output', ws.outdir] });
    expect(run.code).to.equal(2);
    expect(run.err).to.contain('not on a terminal, so nothing asks: pass --auto-approve');
    expect(run.kube.requests).to.deep.equal([]);
    expect(run.cdktf).to.deep.equal([]);
    expect(run.out, 'the plan is shown first').to.contain('1. delete the Argo CD root app argocd/root-dev');
    expect(run.out).to.contain('2. destroy addons-dev');
    expect(run.out).to.contain('3. destroy platform-dev');
  });

  it('asks on a terminal, and anything but the environment name stops it', async () => {
    const no = await teardown({ args: ['dev', '--skip-synth', '--output', ws.outdir], confirm: 'prod' });
    expect(no.code).to.equal(1);
    expect(no.err).to.contain('not confirmed ("prod" is not dev); nothing was changed');
    expect(no.kube.requests).to.deep.equal([]);
    const yes = await teardown({ args: ['dev', '--skip-synth', '--output', ws.outdir], confirm: 'dev' });
    expect(yes.code, yes.err).to.equal(0);
    expect(destroys(yes)).to.deep.equal(['addons-dev', 'platform-dev']);
  });

  it('stops before anything is deleted when the credentials belong to another account', async () => {
    const run = await teardown({ account: (a) => { a.accountId = '999999999999'; a.callerArn = 'arn:aws:sts::999999999999:assumed-role/x/y'; } });
    expect(run.code).to.equal(2);
    expect(run.err).to.contain('the current credentials are for account 999999999999');
    expect(run.kube.requests).to.deep.equal([]);
    expect(run.cdktf).to.deep.equal([]);
  });

  it('bad usage: no environment, an unknown one, stack names', async () => {
    expect((await teardown({ args: [] })).err).to.contain('name the environment to tear down');
    const unknown = await teardown({ args: ['staging', '--auto-approve'] });
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.contain('no environment "staging"');
    const stacks = await teardown({ args: ['dev', 'platform-dev'] });
    expect(stacks.code).to.equal(2);
    expect(stacks.err).to.contain('the teardown picks its stacks itself');
  });

  it('with --skip-drain: says what that risks, deletes nothing in the cluster', async () => {
    const run = await teardown({ args: ['dev', '--auto-approve', '--skip-drain', '--skip-synth', '--output', ws.outdir] });
    expect(run.out).to.contain('--skip-drain: not deleting the root app or NodePools first');
    expect(run.kube.requests).to.deep.equal([]);
    expect(destroys(run)).to.deep.equal(['addons-dev', 'platform-dev']);
  });
});

describe('teardown: --kubeconfig instead of an EKS token', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const kubeconfig = (server: string, caData: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    dirs.push(dir);
    const file = join(dir, 'config');
    writeFileSync(file, [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `  - name: qa-dev\n    cluster:\n      server: ${server}\n      certificate-authority-data: ${caData}`,
      'users:',
      '  - name: admin\n    user:\n      token: from-the-kubeconfig',
      'contexts:',
      '  - name: qa-dev\n    context:\n      cluster: qa-dev\n      user: admin',
      '  - name: other\n    context:\n      cluster: qa-dev\n      user: admin',
      'current-context: qa-dev',
    ].join('\n'));
    return file;
  };

  it("uses the file's context when it points at the environment's cluster", async () => {
    let file = '';
    const run = await teardown({
      account: (a, endpoint) => {
        file = kubeconfig(endpoint, a.clusters![0].certificateAuthority);
      },
      argsFor: () => ['dev', '--auto-approve', '--skip-synth', '--output', ws.outdir, '--kubeconfig', file, '--context', 'qa-dev'],
    });
    expect(run.code, run.err).to.equal(0);
    expect([...new Set(run.kube.tokens)]).to.deep.equal(['from-the-kubeconfig']);
  });

  it('refuses one that points at another cluster, before deleting anything', async () => {
    let file = '';
    const run = await teardown({
      account: (a) => {
        file = kubeconfig('https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com', a.clusters![0].certificateAuthority);
      },
      argsFor: () => ['dev', '--auto-approve', '--skip-synth', '--output', ws.outdir, '--kubeconfig', file],
    });
    expect(run.code).to.equal(1);
    expect(run.err).to.contain('points at https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com, not at cluster qa-dev');
    expect(run.err).to.contain('aws eks update-kubeconfig --name qa-dev');
    expect(run.kube.requests).to.deep.equal([]);
    expect(run.cdktf).to.deep.equal([]);
  });
});

describe('teardown: state in the bucket', function () {
  this.timeout(60_000);
  it('checks the state bucket before anything is deleted', async () => {
    const run = await teardown({ account: (a) => { a.buckets = a.buckets.filter((b) => b.name !== STATE_BUCKET); } });
    expect(run.code).to.equal(2);
    expect(run.err).to.contain(`the state bucket ${STATE_BUCKET} does not exist in eu-west-1`);
    expect(run.kube.requests).to.deep.equal([]);
  });
});
