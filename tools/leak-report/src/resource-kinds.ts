/**
 * For a resource known only by its ARN (what the tagging API returns): its type and id as the
 * report shows them, the aws CLI command that deletes it, and its cost where that does not depend
 * on size or usage. Kinds not listed get the ARN and a pointer to their service's CLI.
 */
import { parseArn } from './arn';
import type { CostEstimate } from './finding';
import { hourlyCost, monthlyCost } from './prices';

export interface ResourceKind {
  readonly type: string;
  readonly id: string;
  readonly region: string;
  readonly deleteCommand: string;
  readonly cost?: CostEstimate;
}

/** Quote one word for a POSIX shell, only when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\-./:@=,+%]+$/.test(word) ? word : `'${word.replace(/'/g, '\'\\\'\'')}'`;
}

/** `aws <args...> --region <region>`, each argument quoted as needed. */
export function awsCommand(region: string, ...args: string[]): string {
  return ['aws', ...args, '--region', region].map(shellQuote).join(' ');
}

/** EC2 resource types and the command that deletes one by id. */
const EC2_DELETE: Readonly<Record<string, readonly [verb: string, flag: string]>> = {
  'instance': ['terminate-instances', '--instance-ids'],
  'volume': ['delete-volume', '--volume-id'],
  'network-interface': ['delete-network-interface', '--network-interface-id'],
  'security-group': ['delete-security-group', '--group-id'],
  'vpc': ['delete-vpc', '--vpc-id'],
  'subnet': ['delete-subnet', '--subnet-id'],
  'route-table': ['delete-route-table', '--route-table-id'],
  'internet-gateway': ['delete-internet-gateway', '--internet-gateway-id'],
  'natgateway': ['delete-nat-gateway', '--nat-gateway-id'],
  'elastic-ip': ['release-address', '--allocation-id'],
  'vpc-endpoint': ['delete-vpc-endpoints', '--vpc-endpoint-ids'],
  'launch-template': ['delete-launch-template', '--launch-template-id'],
  'snapshot': ['delete-snapshot', '--snapshot-id'],
  'image': ['deregister-image', '--image-id'],
  'network-acl': ['delete-network-acl', '--network-acl-id'],
  'vpc-flow-log': ['delete-flow-logs', '--flow-log-ids'],
  'key-pair': ['delete-key-pair', '--key-pair-id'],
  'dhcp-options': ['delete-dhcp-options', '--dhcp-options-id'],
  'egress-only-internet-gateway': ['delete-egress-only-internet-gateway', '--egress-only-internet-gateway-id'],
};

export function describeArn(arn: string, fallbackRegion: string): ResourceKind {
  const parsed = parseArn(arn);
  if (!parsed) return { type: 'unknown', id: arn, region: fallbackRegion, deleteCommand: `(not an ARN: ${arn})` };
  const region = parsed.region || fallbackRegion;
  const { service, resourceType, resourceId } = parsed;
  const type = `${service}:${resourceType}`;
  const kind = (id: string, deleteCommand: string, cost?: CostEstimate): ResourceKind => ({ type, id, region: parsed.region || 'global', deleteCommand, cost });
  switch (service) {
    case 'ec2': {
      const command = EC2_DELETE[resourceType];
      const cost =
        resourceType === 'natgateway' ? hourlyCost('nat-gateway', region, 'NAT gateway, before data processed')
          : resourceType === 'elastic-ip' ? hourlyCost('public-ipv4', region, 'public IPv4 address')
            : resourceType === 'vpc-endpoint' ? hourlyCost('interface-endpoint-per-az', region, 'interface endpoint, per AZ (gateway endpoints are free)')
              : undefined;
      if (command) return kind(resourceId, awsCommand(region, 'ec2', command[0], command[1], resourceId), cost);
      break;
    }
    case 'elasticloadbalancing':
      if (resourceType.startsWith('loadbalancer/')) {
        return kind(resourceId, awsCommand(region, 'elbv2', 'delete-load-balancer', '--load-balancer-arn', arn), hourlyCost('load-balancer', region, 'load balancer, before LCUs'));
      }
      if (resourceType === 'targetgroup') return kind(resourceId, awsCommand(region, 'elbv2', 'delete-target-group', '--target-group-arn', arn));
      if (resourceType === 'loadbalancer') return kind(resourceId, awsCommand(region, 'elb', 'delete-load-balancer', '--load-balancer-name', resourceId));
      break;
    case 'eks': {
      const [cluster, name] = resourceId.split('/');
      if (resourceType === 'cluster') return kind(resourceId, awsCommand(region, 'eks', 'delete-cluster', '--name', resourceId), hourlyCost('eks-cluster', region, 'EKS cluster'));
      if (resourceType === 'nodegroup') return kind(resourceId, awsCommand(region, 'eks', 'delete-nodegroup', '--cluster-name', cluster, '--nodegroup-name', name));
      if (resourceType === 'addon') return kind(resourceId, awsCommand(region, 'eks', 'delete-addon', '--cluster-name', cluster, '--addon-name', name));
      if (resourceType === 'fargateprofile') return kind(resourceId, awsCommand(region, 'eks', 'delete-fargate-profile', '--cluster-name', cluster, '--fargate-profile-name', name));
      break;
    }
    case 'logs':
      if (resourceType === 'log-group') {
        const name = resourceId.replace(/:\*$/, '');
        return kind(name, awsCommand(region, 'logs', 'delete-log-group', '--log-group-name', name));
      }
      break;
    case 'ecr':
      if (resourceType === 'repository') return kind(resourceId, awsCommand(region, 'ecr', 'delete-repository', '--repository-name', resourceId, '--force'));
      break;
    case 's3':
      if (resourceType === 'bucket') return { type, id: resourceId, region: 'global', deleteCommand: awsCommand(region, 's3api', 'delete-bucket', '--bucket', resourceId) };
      break;
    case 'kms':
      if (resourceType === 'key') {
        return kind(resourceId, awsCommand(region, 'kms', 'schedule-key-deletion', '--key-id', resourceId, '--pending-window-in-days', '7'), monthlyCost('kms-key', region, 'customer managed key'));
      }
      break;
    case 'ssm':
      if (resourceType === 'parameter') return kind(`/${resourceId}`, awsCommand(region, 'ssm', 'delete-parameter', '--name', `/${resourceId}`));
      break;
    case 'sns':
      return { type: 'sns:topic', id: parsed.resource, region, deleteCommand: awsCommand(region, 'sns', 'delete-topic', '--topic-arn', arn) };
    case 'sqs':
      return {
        type: 'sqs:queue',
        id: parsed.resource,
        region,
        deleteCommand: awsCommand(region, 'sqs', 'delete-queue', '--queue-url', `https://sqs.${region}.amazonaws.com/${parsed.account}/${parsed.resource}`),
      };
    case 'cloudwatch':
      if (resourceType === 'alarm') return kind(resourceId, awsCommand(region, 'cloudwatch', 'delete-alarms', '--alarm-names', resourceId));
      if (resourceType === 'dashboard') return kind(resourceId, awsCommand(region, 'cloudwatch', 'delete-dashboards', '--dashboard-names', resourceId));
      break;
    case 'events':
      if (resourceType === 'rule') {
        return kind(resourceId, `remove its targets first (${awsCommand(region, 'events', 'list-targets-by-rule', '--rule', resourceId)}), then ${awsCommand(region, 'events', 'delete-rule', '--name', resourceId)}`);
      }
      break;
    case 'route53':
      if (resourceType === 'hostedzone') {
        return { type, id: resourceId, region: 'global', deleteCommand: awsCommand('us-east-1', 'route53', 'delete-hosted-zone', '--id', resourceId), cost: monthlyCost('route53-hosted-zone', region, 'hosted zone') };
      }
      break;
    case 'cloudfront':
      if (resourceType === 'distribution') {
        return {
          type,
          id: resourceId,
          region: 'global',
          deleteCommand: `disable it first (aws cloudfront update-distribution ... Enabled=false), then ${awsCommand('us-east-1', 'cloudfront', 'delete-distribution', '--id', resourceId, '--if-match', '<ETag>')}`,
        };
      }
      break;
    case 'wafv2': {
      const [scope, name, id] = resourceId.split('/');
      if (resourceType === 'webacl' && name && id) {
        const cliScope = scope === 'global' ? 'CLOUDFRONT' : 'REGIONAL';
        const get = awsCommand(region, 'wafv2', 'get-web-acl', '--name', name, '--scope', cliScope, '--id', id, '--query', 'LockToken', '--output', 'text');
        return {
          type,
          id: `${name}/${id}`,
          region: parsed.region,
          // After the distribution stops using it; the lock token comes from get-web-acl.
          deleteCommand: `${awsCommand(region, 'wafv2', 'delete-web-acl', '--name', name, '--scope', cliScope, '--id', id)} --lock-token "$(${get})"`,
        };
      }
      break;
    }
    default:
      break;
  }
  return kind(resourceId || parsed.resource, `(no command known for ${type}: delete ${arn} with the ${service} CLI)`);
}
