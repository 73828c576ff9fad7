import { taggedFor, type CiDeployScope } from './ci-deploy-scope';
import { environmentArns } from './ci-resource-arns';
import type { PolicyStatement } from '../shared/policy-document';

/**
 * The EC2 resources the network stack creates, by the create action that makes each. The AWS
 * provider tags them in the create call (`TagSpecifications`, from default_tags), so the new
 * resource is authorized through `aws:RequestTag`. A create also names existing "parent"
 * resources (the VPC of a subnet, the subnet of a NAT gateway...): those are authorized as
 * existing resources, through `aws:ResourceTag`, so nothing is created inside another environment.
 *
 * Grouped so that no statement pairs an action with a resource type that is another action's
 * parent: `ec2:CreateSubnet` on `vpc/*` under a request-tag condition would let the role add a
 * subnet to any VPC, as long as it tagged the subnet as its own.
 */
export interface Ec2CreateGroup {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resourceTypes: readonly string[];
}

export const EC2_CREATE_GROUPS: readonly Ec2CreateGroup[] = [
  { sid: 'CreateTaggedVpcs', actions: ['ec2:CreateVpc'], resourceTypes: ['vpc'] },
  {
    // Children of a VPC only (their parent is authorized by its tags).
    sid: 'CreateTaggedVpcChildren',
    actions: ['ec2:CreateSubnet', 'ec2:CreateRouteTable', 'ec2:CreateSecurityGroup', 'ec2:AllocateAddress'],
    resourceTypes: ['subnet', 'route-table', 'security-group', 'elastic-ip'],
  },
  {
    // Resources no other create names as a parent.
    sid: 'CreateTaggedLeaves',
    actions: [
      'ec2:CreateInternetGateway',
      'ec2:CreateNatGateway',
      'ec2:CreateVpcEndpoint',
      'ec2:CreateFlowLogs',
      'ec2:CreateLaunchTemplate',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:AuthorizeSecurityGroupEgress',
    ],
    resourceTypes: ['internet-gateway', 'natgateway', 'vpc-endpoint', 'vpc-flow-log', 'launch-template', 'security-group-rule'],
  },
];

/** Verbs the role may use on EC2 resources already tagged for its environment. */
export const EC2_CHANGE_ACTIONS = [
  'ec2:Create*',
  'ec2:Delete*',
  'ec2:Modify*',
  'ec2:Associate*',
  'ec2:Disassociate*',
  'ec2:Attach*',
  'ec2:Detach*',
  'ec2:Authorize*',
  'ec2:Revoke*',
  'ec2:Release*',
  'ec2:Replace*',
  'ec2:UpdateSecurityGroupRuleDescriptions*',
] as const;

/**
 * EC2 for one environment: create only what is tagged for it, change only what is tagged for it.
 * EC2 ids are random and its ARNs carry no names, so tags are the only scope there is.
 */
export function ec2Statements(scope: CiDeployScope): PolicyStatement[] {
  const { region } = scope.environment;
  const arn = (type: string) => `arn:aws:ec2:${region}:${scope.accountId}:${type}/*`;
  const requestTagged = taggedFor(scope.tags, 'aws:RequestTag');
  const creates: PolicyStatement[] = EC2_CREATE_GROUPS.map(({ sid, actions, resourceTypes }) => ({
    Sid: sid,
    Effect: 'Allow',
    Action: [...actions],
    Resource: resourceTypes.map(arn),
    Condition: requestTagged,
  }));
  return [
    ...creates,
    {
      // A create with TagSpecifications is also authorized as ec2:CreateTags on the new resource.
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: `arn:aws:ec2:${region}:${scope.accountId}:*/*`,
      Condition: {
        // The API name, without the `ec2:` prefix (`CreateVpc`).
        StringEquals: { ...requestTagged.StringEquals, 'ec2:CreateAction': EC2_CREATE_GROUPS.flatMap((g) => g.actions.map((a) => a.replace(/^ec2:/, ''))) },
      },
    },
    {
      // aws_default_security_group adopts the group AWS made with the VPC, untagged, and tags it
      // before it revokes the group's rules (provider: resourceDefaultSecurityGroupCreate). Only a
      // group with no Environment tag yet may be claimed, and only for this environment.
      Sid: 'ClaimDefaultSecurityGroup',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: arn('security-group'),
      Condition: { ...requestTagged, Null: { 'aws:ResourceTag/Environment': 'true' } },
    },
    {
      Sid: 'ChangeTaggedEc2',
      Effect: 'Allow',
      Action: [...EC2_CHANGE_ACTIONS],
      Resource: environmentArns(scope, scope.environment).ec2,
      Condition: taggedFor(scope.tags, 'aws:ResourceTag'),
    },
    {
      // Interface and gateway endpoints name the AWS service's endpoint service, which the account
      // does not own and cannot tag: allowed for AWS's own services only.
      Sid: 'EndpointsToAwsServices',
      Effect: 'Allow',
      Action: 'ec2:CreateVpcEndpoint',
      Resource: `arn:aws:ec2:${region}:*:vpc-endpoint-service/*`,
      Condition: { StringEquals: { 'ec2:VpceServiceOwner': 'amazon' } },
    },
  ];
}
