/**
 * The leak report end to end: the real SDK v3 clients (tagging, EC2, ELBv2, CloudWatch Logs, ECR,
 * KMS, Route53, S3, STS) against one loopback endpoint that speaks each service's wire protocol,
 * through the CLI's `main` with a real config folder.
 */
import { expect } from 'chai';
import { z } from 'zod';
import { cleanAccount, CLUSTER, configFolder, leakyAccount, ARN, REGION, SITE_BUCKET, VPC_ID } from './fixtures';
import { main } from '../../../tools/leak-report/src/cli';
import { applyEnv, awsTestEnv } from '../../support/aws-test-env';
import { FakeAws, type FakeAccount, type FakeService } from '../../support/fake-aws';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly fake: FakeAws;
}

interface RunOptions {
  readonly deny?: readonly string[];
  readonly throttle?: readonly FakeService[];
  readonly withCredentials?: boolean;
}

let config: ReturnType<typeof configFolder>;
before(() => {
  config = configFolder();
});
after(() => config.remove());

async function report(account: FakeAccount, args: readonly string[], options: RunOptions = {}): Promise<Run> {
  const fake = new FakeAws(account);
  for (const d of options.deny ?? []) fake.denied.add(d);
  for (const t of options.throttle ?? []) fake.throttleFirst.add(t);
  const endpoint = await fake.start();
  const restore = applyEnv(awsTestEnv({ endpoints: { AWS_ENDPOINT_URL: endpoint }, withCredentials: options.withCredentials }));
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(args, {
      env: { ...process.env, PLATFORM_CONFIG_DIR: config.dir },
      stdout: (t) => { stdout += t; },
      stderr: (t) => { stderr += t; },
    });
    return { code, stdout, stderr, fake };
  } finally {
    restore();
    await fake.stop();
  }
}

/** The `--json` output, checked against the schema (strict: no field more, none missing). */
const resourceSchema = z.strictObject({
  type: z.string().min(1),
  id: z.string().min(1),
  arn: z.string().nullable(),
  region: z.string().min(1),
  reasons: z.array(z.string().min(1)).min(1),
  monthlyUsd: z.number().nonnegative().nullable(),
  costBasis: z.string().nullable(),
  deleteCommand: z.string().min(1),
});
const reportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  environment: z.string(),
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string(),
  regions: z.array(z.string()).min(1),
  clusterName: z.string(),
  caller: z.string(),
  status: z.enum(['clean', 'leftovers', 'incomplete']),
  exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  summary: z.strictObject({
    resources: z.number().int().nonnegative(),
    estimatedMonthlyUsd: z.number().nonnegative(),
    resourcesWithoutCost: z.number().int().nonnegative(),
    checksNotRun: z.number().int().nonnegative(),
  }),
  resources: z.array(resourceSchema),
  checks: z.array(z.strictObject({ name: z.string(), calls: z.array(z.string()).min(1), status: z.enum(['checked', 'not checked']), reason: z.string().nullable() })).min(1),
  staleTagIndexEntries: z.array(z.string()),
  prices: z.strictObject({ recorded: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), pages: z.array(z.string().url()).min(1) }),
});
type JsonReport = z.infer<typeof reportSchema>;

function parseJson(run: Run): JsonReport {
  expect(run.stderr, 'nothing on stderr').to.equal('');
  return reportSchema.parse(JSON.parse(run.stdout));
}

function resource(json: JsonReport, id: string) {
  const found = json.resources.find((r) => r.id === id);
  expect(found, `${id} in the report (found: ${json.resources.map((r) => r.id).join(', ')})`).to.not.equal(undefined);
  return found!;
}

describe('leak report', function () {
  // One throttled request costs the SDK's backoff (up to half a second) per service.
  this.timeout(30_000);

  describe('an account with leftovers of dev', () => {
    let run: Run;
    let json: JsonReport;
    before(async () => {
      run = await report(leakyAccount(), ['dev', '--json']);
      json = parseJson(run);
    });

    it('exits 1 and says what is left', () => {
      expect(run.code).to.equal(1);
      expect(json.status).to.equal('leftovers');
      expect(json.exitCode).to.equal(1);
      expect(json.checks.every((c) => c.status === 'checked'), JSON.stringify(json.checks)).to.equal(true);
      expect(json).to.include({ environment: 'dev', accountId: '111122223333', region: REGION, clusterName: CLUSTER });
      expect(json.regions).to.deep.equal([REGION, 'us-east-1']);
      expect(json.caller).to.equal('arn:aws:sts::111122223333:assumed-role/leak-report/ci');
    });

    it('finds the load balancer controller’s load balancer, target group and security group by the cluster tag', () => {
      const lb = resource(json, 'k8s-chatbot-chatbot-0a1b2c3d4e');
      expect(lb.type).to.equal('elasticloadbalancing:loadbalancer/app');
      expect(lb.arn).to.equal(ARN.loadBalancer);
      expect(lb.reasons).to.include(`tagged elbv2.k8s.aws/cluster=${CLUSTER} (AWS Load Balancer Controller)`);
      expect(lb.deleteCommand).to.equal(`aws elbv2 delete-load-balancer --load-balancer-arn ${ARN.loadBalancer} --region ${REGION}`);
      expect(lb.monthlyUsd).to.equal(18.4); // $0.0252/hour × 730 in eu-west-1
      const tg = resource(json, 'k8s-chatbot-chatbot-6f5e4d3c2b');
      expect(tg.deleteCommand).to.equal(`aws elbv2 delete-target-group --target-group-arn ${ARN.targetGroup} --region ${REGION}`);
      expect(tg.reasons.join(' ')).to.contain('used by k8s-chatbot-chatbot-0a1b2c3d4e');
      const sg = resource(json, 'sg-0b1c2d3e4f5a6b7c8');
      expect(sg.type).to.equal('ec2:security-group');
      expect(sg.deleteCommand).to.equal(`aws ec2 delete-security-group --group-id sg-0b1c2d3e4f5a6b7c8 --region ${REGION}`);
    });

    it('finds Karpenter’s node with its root volume, the EBS CSI volume and the VPC’s interfaces', () => {
      const node = resource(json, 'i-0karpenter0000001');
      expect(node.type).to.equal('ec2:instance');
      expect(node.reasons).to.include(`tagged eks:eks-cluster-name=${CLUSTER} (Karpenter)`);
      expect(node.reasons.some((r) => r.startsWith('launched by Karpenter (') && r.includes('karpenter.sh/nodepool=default'))).to.equal(true);
      expect(node.reasons).to.include(`in the environment's VPC ${VPC_ID}`);
      expect(node.deleteCommand).to.equal(`aws ec2 terminate-instances --instance-ids i-0karpenter0000001 --region ${REGION}`);
      expect(node.costBasis).to.contain('spot instance costs less');

      const system = resource(json, 'i-0system0000000001');
      expect(system.reasons).to.include(`tagged eks:cluster-name=${CLUSTER} (EKS managed node group)`);
      // no eu-west-1 price in the table for this type: the us-east-1 one, said so
      expect(system.monthlyUsd).to.equal(70.08);
      expect(system.costBasis).to.equal('m6i.large on-demand: $0.096/hour × 730 h (us-east-1 price; eu-west-1 differs)');

      const stopped = resource(json, 'i-0stopped000000001');
      expect(stopped.reasons).to.deep.equal([`in the environment's VPC ${VPC_ID}`, 't3.micro stopped']);
      expect(stopped.monthlyUsd).to.equal(null);

      const root = resource(json, 'vol-0root00000000001');
      expect(root.reasons).to.include('attached to i-0karpenter0000001 (an instance of the environment)');
      const pvc = resource(json, 'vol-0pvc000000000001');
      expect(pvc.reasons).to.include(`tagged kubernetes.io/cluster/${CLUSTER}=owned (Kubernetes: cloud provider, EBS CSI driver, Karpenter)`);
      expect(pvc.reasons).to.include('20 GiB gp3 available');
      expect(pvc.monthlyUsd).to.equal(1.76); // 20 GiB × $0.088
      expect(pvc.deleteCommand).to.equal(`aws ec2 delete-volume --volume-id vol-0pvc000000000001 --region ${REGION}`);

      const elbEni = resource(json, 'eni-0elb00000000001');
      expect(elbEni.deleteCommand).to.match(/^\(goes when its owner is deleted: ELB app\/k8s-chatbot-chatbot/);
      expect(elbEni.monthlyUsd).to.equal(3.65); // its public IPv4 address
      expect(resource(json, 'eni-0node0000000001').deleteCommand).to.equal('(goes with its instance i-0karpenter0000001: a primary interface cannot be detached)');
      const cniEni = resource(json, 'eni-0cni00000000001');
      expect(cniEni.reasons).to.include(`tagged cluster.k8s.amazonaws.com/name=${CLUSTER} (Amazon VPC CNI)`);
      expect(cniEni.deleteCommand).to.equal(`aws ec2 delete-network-interface --network-interface-id eni-0cni00000000001 --region ${REGION}`);

      const vpc = resource(json, VPC_ID);
      expect(vpc.deleteCommand).to.equal(`aws ec2 delete-vpc --vpc-id ${VPC_ID} --region ${REGION}`);
      const nat = resource(json, 'nat-0a1b2c3d4e5f60718');
      expect(nat.monthlyUsd).to.equal(35.04); // $0.048/hour × 730
    });

    it('finds the log groups under the environment’s prefixes, not those of clusters with a longer name', () => {
      const ids = json.resources.filter((r) => r.type === 'logs:log-group').map((r) => r.id).sort();
      expect(ids).to.deep.equal(['/aws/containerinsights/qa-dev/performance', '/aws/eks/qa-dev/cluster', '/qa/dev/chatbot/application', '/qa/dev/chatbot/metrics', '/qa/dev/otel-collector']);
      const eks = resource(json, '/aws/eks/qa-dev/cluster');
      expect(eks.reasons).to.deep.equal(['log group under /aws/eks/qa-dev/', '2 GiB stored, kept 14 days']);
      expect(eks.monthlyUsd).to.equal(0.06);
      expect(eks.deleteCommand).to.equal(`aws logs delete-log-group --log-group-name /aws/eks/qa-dev/cluster --region ${REGION}`);
    });

    it('finds the repository with its images, the non-empty site bucket, live keys and external-dns records', () => {
      const repository = resource(json, 'qa-dev/chatbot');
      expect(repository.reasons).to.include('3 images (3 tags), 400 MiB');
      expect(repository.deleteCommand).to.equal(`aws ecr delete-repository --repository-name qa-dev/chatbot --force --region ${REGION}`);

      const bucket = resource(json, SITE_BUCKET);
      expect(bucket.reasons).to.deep.equal(["the environment's static-site bucket", '3 object versions and 1 delete marker, 0.3 MiB']);
      expect(bucket.deleteCommand).to.contain(`aws s3api delete-objects --bucket ${SITE_BUCKET} --region ${REGION}`);
      expect(bucket.deleteCommand).to.contain(`then aws s3api delete-bucket --bucket ${SITE_BUCKET} --region ${REGION}`);
      expect(json.resources.some((r) => r.id.startsWith('qa-tfstate-')), 'the shared state bucket is not the environment’s').to.equal(false);

      const key = resource(json, '1234abcd-12ab-34cd-56ef-1234567890ab');
      expect(key.monthlyUsd).to.equal(1);
      expect(key.deleteCommand).to.equal(`aws kms schedule-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --pending-window-in-days 7 --region ${REGION}`);
      const aliased = resource(json, '5555aaaa-55aa-55aa-55aa-5555aaaa5555');
      expect(aliased.reasons).to.include('alias alias/qa-dev-eks-secrets');

      const records = json.resources.filter((r) => r.type === 'route53:record').map((r) => r.id).sort();
      expect(records).to.deep.equal(['a-chat.example.com. TXT', 'chat.example.com. A', 'chat.example.com. TXT']);
      const a = resource(json, 'chat.example.com. A');
      expect(a.reasons[0]).to.equal(`record managed by external-dns (external-dns owner ${CLUSTER}, ingress/chatbot/chatbot)`);
      expect(a.reasons.join(' ')).to.contain('dangling once its load balancer is gone');
      const batch = /--change-batch '(.*)'$/.exec(a.deleteCommand)?.[1];
      expect(a.deleteCommand).to.match(/^aws route53 change-resource-record-sets --hosted-zone-id Z0EXAMPLE000000001 /);
      expect(JSON.parse(batch!)).to.deep.equal({
        Changes: [{ Action: 'DELETE', ResourceRecordSet: { Name: 'chat.example.com.', Type: 'A', AliasTarget: { HostedZoneId: 'Z32O12XQLNTSW2', DNSName: 'k8s-chatbot-chatbot-0a1b2c3d4e-1234567890.eu-west-1.elb.amazonaws.com.', EvaluateTargetHealth: true } } }],
      });
    });

    it('asks us-east-1 for global resources of the environment', () => {
      const acl = json.resources.find((r) => r.arn === ARN.webAcl);
      expect(acl?.region).to.equal('us-east-1');
      expect(acl?.reasons).to.deep.equal(['tagged Project=ai-chatbot, Environment=dev (ManagedBy=cdktf)']);
      expect(acl?.type).to.equal('wafv2:webacl');
      expect(acl?.id).to.equal('qa-dev-site/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111');
      expect(acl?.deleteCommand).to.equal(
        'aws wafv2 delete-web-acl --name qa-dev-site --scope CLOUDFRONT --id a1b2c3d4-5678-90ab-cdef-EXAMPLE11111 --region us-east-1 ' +
          '--lock-token "$(aws wafv2 get-web-acl --name qa-dev-site --scope CLOUDFRONT --id a1b2c3d4-5678-90ab-cdef-EXAMPLE11111 --query LockToken --output text --region us-east-1)"',
      );
      expect(run.fake.calls('tagging', 'GetResources').filter((r) => r.region === 'us-east-1').length).to.be.greaterThan(0);
    });

    it('leaves out what belongs to others and what only the tag index still remembers', () => {
      const arns = json.resources.map((r) => r.arn);
      const elsewhere = [ARN.otherLoadBalancer, ARN.prodLoadBalancer, ARN.prodVolume, ARN.pendingKey, ARN.deletedLoadBalancer, ARN.terminatedNode];
      for (const other of elsewhere) {
        expect(arns, other).to.not.include(other);
      }
      const ids = json.resources.map((r) => r.id);
      for (const other of ['i-0prod000000000001', 'eni-0prod0000000001', 'qa-prod/chatbot', '/aws/eks/qa-devx/cluster', 'shop.example.com. A', '6666bbbb-66bb-66bb-66bb-6666bbbb6666', '7777cccc-77cc-77cc-77cc-7777cccc7777', 'someone-elses-bucket']) {
        expect(ids, other).to.not.include(other);
      }
      expect(json.staleTagIndexEntries).to.have.members([ARN.pendingKey, ARN.deletedLoadBalancer, ARN.terminatedNode]);
    });

    it('lists each resource once, with every reason it was found for', () => {
      const keys = json.resources.map((r) => r.arn ?? r.id);
      expect(new Set(keys).size).to.equal(keys.length);
      // found by the tag index and by the load balancer listing: one row, both reasons
      const lb = resource(json, 'k8s-chatbot-chatbot-0a1b2c3d4e');
      expect(lb.reasons.filter((r) => r.startsWith('tagged elbv2.k8s.aws/cluster'))).to.have.length(1);
      expect(lb.reasons.some((r) => r.includes('internet-facing'))).to.equal(true);
    });

    it('adds up the known costs', () => {
      const sum = json.resources.reduce((total, r) => total + (r.monthlyUsd ?? 0), 0);
      expect(json.summary.estimatedMonthlyUsd).to.be.closeTo(sum, 0.011);
      expect(json.summary.resources).to.equal(json.resources.length);
      expect(json.summary.resourcesWithoutCost).to.equal(json.resources.filter((r) => r.monthlyUsd === null).length);
      expect(json.summary.checksNotRun).to.equal(0);
    });
  });

  describe('pagination', () => {
    let run: Run;
    let json: JsonReport;
    before(async () => {
      run = await report(leakyAccount(), ['dev', '--json']);
      json = parseJson(run);
    });

    // The fake answers two items a page whatever is asked, so every one of these takes pages.
    const followed: Array<[FakeService, string, string]> = [
      ['tagging', 'GetResources', 'PaginationToken'],
      ['ec2', 'DescribeInstances', 'NextToken'],
      ['ec2', 'DescribeNetworkInterfaces', 'NextToken'],
      ['elasticloadbalancing', 'DescribeLoadBalancers', 'Marker'],
      ['elasticloadbalancing', 'DescribeTargetGroups', 'Marker'],
      ['logs', 'DescribeLogGroups', 'nextToken'],
      ['ecr', 'DescribeRepositories', 'nextToken'],
      ['ecr', 'DescribeImages', 'nextToken'],
      ['kms', 'ListKeys', 'Marker'],
      ['route53', 'ListHostedZones', 'marker'],
      ['route53', 'ListResourceRecordSets', 'name'],
      ['s3', 'ListBuckets', 'continuation-token'],
      ['s3', 'ListObjectVersions', 'key-marker'],
    ];
    for (const [service, operation, token] of followed) {
      it(`${service} ${operation} follows ${token}`, () => {
        const calls = run.fake.calls(service, operation).filter((c) => c.status === 200);
        expect(calls.some((c) => c.params[token] !== undefined && c.params[token] !== ''), `a ${operation} request with ${token}`).to.equal(true);
      });
    }

    it('finds what is only on the last pages', () => {
      // last in the tag index, the load balancer list, the target group list, the zone list and its records
      for (const id of ['vol-0pvc000000000001', 'k8s-chatbot-chatbot-0a1b2c3d4e', 'k8s-chatbot-chatbot-6f5e4d3c2b', 'chat.example.com. TXT', '/qa/dev/otel-collector']) resource(json, id);
      expect(resource(json, 'qa-dev/chatbot').reasons).to.include('3 images (3 tags), 400 MiB');
      expect(resource(json, SITE_BUCKET).reasons[1]).to.match(/^3 object versions and 1 delete marker/);
    });
  });

  describe('a clean account', () => {
    it('exits 0 and says clean, after every check ran', async () => {
      const run = await report(cleanAccount(), ['dev']);
      expect(run.stderr).to.equal('');
      expect(run.code, run.stdout).to.equal(0);
      expect(run.stdout).to.contain('Result: clean. Every check ran and found nothing of environment dev in account 111122223333 (eu-west-1, us-east-1).');
      expect(run.stdout).to.not.contain('NOT CHECKED');
      expect(run.stdout).to.not.contain('| Type');
      // it did look: every service was asked
      for (const service of ['tagging', 'ec2', 'elasticloadbalancing', 'logs', 'ecr', 'kms', 'route53', 's3'] as FakeService[]) {
        expect(run.fake.calls(service).length, service).to.be.greaterThan(0);
      }
    });

    it('says clean in JSON too, with nothing listed', async () => {
      const json = parseJson(await report(cleanAccount(), ['dev', '--json']));
      expect(json.status).to.equal('clean');
      expect(json.exitCode).to.equal(0);
      expect(json.resources).to.deep.equal([]);
      expect(json.summary).to.deep.equal({ resources: 0, estimatedMonthlyUsd: 0, resourcesWithoutCost: 0, checksNotRun: 0 });
    });
  });

  describe('a check that cannot run', () => {
    it('a denied service makes a clean account "incomplete", exit 2, never clean', async () => {
      const run = await report(cleanAccount(), ['dev'], { deny: ['kms'] });
      expect(run.code).to.equal(2);
      expect(run.stdout).to.match(/NOT CHECKED {2}KMS keys \(kms:ListKeys, kms:ListAliases, kms:DescribeKey, kms:ListResourceTags\): access denied \(AccessDeniedException, HTTP 400\): User: arn:aws:sts::111122223333:assumed-role\/leak-report\/ci is not authorized to perform: kms:List/);
      expect(run.stdout).to.contain('Result: incomplete. 1 of 9 checks could not run');
      expect(run.stdout).to.not.match(/Result: clean/);
      const json = parseJson(await report(cleanAccount(), ['dev', '--json'], { deny: ['kms'] }));
      expect(json.status).to.equal('incomplete');
      expect(json.exitCode).to.equal(2);
      expect(json.summary.checksNotRun).to.equal(1);
      const kms = json.checks.find((c) => c.name === 'KMS keys');
      expect(kms?.status).to.equal('not checked');
      expect(kms?.reason).to.match(/^access denied/);
    });

    const denials: Array<[string, string | string[], RegExp]> = [
      // the whole service: both regions it is asked in
      ['tagging', ['tagged resources in eu-west-1', 'tagged resources in us-east-1'], /AccessDeniedException, HTTP 400.*tag:GetResources/],
      ['ec2:DescribeVolumes', 'EC2 VPCs, instances, network interfaces and volumes', /UnauthorizedOperation, HTTP 403.*ec2:DescribeVolumes/],
      ['elasticloadbalancing:DescribeTags', 'ELBv2 load balancers and target groups', /AccessDenied, HTTP 403/],
      ['logs', 'CloudWatch log groups', /AccessDeniedException/],
      ['ecr:DescribeImages', 'ECR repositories and images', /AccessDeniedException/],
      ['route53', 'Route53 records of external-dns', /AccessDenied, HTTP 403/],
      ['s3', 'S3 buckets', /AccessDenied, HTTP 403.*s3:ListAllMyBuckets/],
    ];
    for (const [deny, check, reason] of denials) {
      it(`denied ${deny}: "${String(check)}" is not checked, the report incomplete`, async () => {
        // leftovers everywhere else: the report is still incomplete (exit 2), not "leftovers"
        const json = parseJson(await report(leakyAccount(), ['dev', '--json'], { deny: [deny] }));
        expect(json.status).to.equal('incomplete');
        expect(json.exitCode).to.equal(2);
        const notChecked = json.checks.filter((c) => c.status === 'not checked');
        expect(notChecked.map((c) => c.name)).to.deep.equal(typeof check === 'string' ? [check] : check);
        expect(notChecked[0].reason).to.match(reason);
        expect(json.resources.length, 'what the other checks found is still listed').to.be.greaterThan(0);
      });
    }

    it('a key whose policy keeps the caller out leaves the KMS check incomplete; the other keys are still reported', async () => {
      const account = leakyAccount();
      account.keys = account.keys.map((k) => (k.id.startsWith('7777') ? { ...k, lockedOut: true } : k));
      const json = parseJson(await report(account, ['dev', '--json']));
      const kms = json.checks.find((c) => c.name === 'KMS keys');
      expect(kms?.status).to.equal('not checked');
      expect(kms?.reason).to.match(/^1 of 5 keys could not be read \(first: 7777cccc-77cc-77cc-77cc-7777cccc7777: access denied \(AccessDeniedException, HTTP 400\): .*kms:DescribeKey on resource/);
      expect(json.status).to.equal('incomplete');
      resource(json, '1234abcd-12ab-34cd-56ef-1234567890ab');
    });

    it('a throttled first request is retried by the SDK and the report completes', async () => {
      const services: FakeService[] = ['tagging', 'ec2', 'elasticloadbalancing', 'logs', 'ecr', 'kms', 'route53', 's3'];
      const run = await report(leakyAccount(), ['dev', '--json'], { throttle: services });
      const json = parseJson(run);
      expect(json.status).to.equal('leftovers');
      expect(json.checks.every((c) => c.status === 'checked')).to.equal(true);
      for (const service of services) {
        const statuses = run.fake.calls(service).map((c) => c.status);
        expect(statuses[0], `${service} was throttled first`).to.be.oneOf([400, 503]);
        expect(statuses.slice(1), `${service} answered after the retry`).to.include(200);
      }
      // the same leftovers as without throttling
      const calm = parseJson(await report(leakyAccount(), ['dev', '--json']));
      expect(json.resources.map((r) => r.id)).to.deep.equal(calm.resources.map((r) => r.id));
    });
  });

  describe('before any check', () => {
    it('stops with exit 2 when the credentials are for another account', async () => {
      const account = cleanAccount();
      account.accountId = '999988887777';
      account.callerArn = 'arn:aws:sts::999988887777:assumed-role/dev/someone';
      const run = await report(account, ['dev']);
      expect(run.code).to.equal(2);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.contain('the current credentials are for account 999988887777');
      expect(run.stderr).to.contain('environment dev lives in 111122223333');
      expect(run.fake.requests.map((r) => r.service)).to.deep.equal(['sts']);
    });

    it('stops with exit 2 when there are no credentials', async () => {
      const run = await report(cleanAccount(), ['dev'], { withCredentials: false });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/could not tell which AWS account .*no AWS credentials/);
      expect(run.fake.requests).to.deep.equal([]);
    });

    it('names the environments when the one asked for does not exist', async () => {
      const run = await report(cleanAccount(), ['staging']);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain('no environment "staging"');
      expect(run.stderr).to.contain('environments: dev, prod');
      expect(run.fake.requests).to.deep.equal([]);
    });

    for (const [args, message] of [
      [[], 'name the environment to check'],
      [['dev', '--csv'], 'unknown option --csv'],
      [['dev', 'prod'], 'one environment at a time'],
    ] as Array<[string[], string]>) {
      it(`refuses ${JSON.stringify(args)} with usage`, async () => {
        const run = await report(cleanAccount(), args);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain(message);
        expect(run.stderr).to.contain('usage: npx projen leak-report <environment> [--json]');
      });
    }
  });

  describe('the table', () => {
    it('has a row per leftover with type, id, why, cost and command, and a summary', async () => {
      const run = await report(leakyAccount(), ['dev']);
      expect(run.code).to.equal(1);
      const lines = run.stdout.split('\n');
      const header = lines.findIndex((l) => l.startsWith('| Type'));
      expect(lines[header]).to.match(/^\| Type +\| Id +\| Why it was found +\| Cost\/month \| Delete with \|$/);
      expect(lines[header + 1]).to.match(/^\| -+ \| -+ \| -+ \| -+: \| --- \|$/);
      const rows = lines.slice(header + 2, lines.indexOf('', header));
      const json = parseJson(await report(leakyAccount(), ['dev', '--json']));
      expect(rows).to.have.length(json.resources.length);
      // columns line up: every row as long as the header up to the last column
      const widthBeforeLast = (l: string) => l.lastIndexOf(' | ');
      for (const row of rows) expect(widthBeforeLast(row)).to.equal(widthBeforeLast(lines[header]));
      const pvc = rows.find((r) => r.includes('vol-0pvc000000000001'))!;
      expect(pvc).to.match(/^\| ec2:volume +\| vol-0pvc000000000001 +\| tagged kubernetes\.io\/cluster\/qa-dev=owned .*; 20 GiB gp3 available +\| +\$1\.76 \| aws ec2 delete-volume --volume-id vol-0pvc000000000001 --region eu-west-1 \|$/);
      expect(rows.find((r) => r.includes('| route53:record'))).to.match(/\| +unknown \|/);
      expect(run.stdout).to.match(/Estimated cost of what is left: \$\d+\.\d{2}\/month for \d+ of \d+ resources \(\d+ without a known price\); AWS list prices recorded \d{4}-\d{2}-\d{2}/);
      expect(run.stdout).to.match(new RegExp(`Result: ${json.resources.length} resources left \\(\\$${json.summary.estimatedMonthlyUsd.toFixed(2)}/month where known\\)`));
      expect(run.stdout).to.contain('tag-index entries of deleted or pending-deletion resources left out');
    });
  });
});
