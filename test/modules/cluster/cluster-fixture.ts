/** Builds a `Cluster` in a throw-away stack for the tests of this folder. */
import type { TerraformStack } from 'cdktf';
import { Cluster, type ClusterProps } from '../../../modules/cluster/cluster';
import { TEST_ACCOUNT, testEnvironment } from '../../support/environment';
import { synthConstructs, type TerraformJson } from '../../support/synth';

export const ADMIN_ARN = `arn:aws:iam::${TEST_ACCOUNT}:role/PlatformAdmin`;
export const CI_APPLY_ARN = `arn:aws:iam::${TEST_ACCOUNT}:role/qa-github-apply-dev`;
export const CI_PLAN_ARN = `arn:aws:iam::${TEST_ACCOUNT}:role/qa-github-plan`;
export const BOUNDARY_ARN = `arn:aws:iam::${TEST_ACCOUNT}:policy/qa-permissions-boundary-dev`;
export const PRIVATE_SUBNETS = ['subnet-0aaa', 'subnet-0bbb', 'subnet-0ccc'];

export function clusterProps(overrides: Partial<ClusterProps> = {}): ClusterProps {
  return {
    name: 'qa-dev',
    network: { vpcId: 'vpc-0123', privateSubnetIds: PRIVATE_SUBNETS },
    config: testEnvironment('dev').cluster,
    ciApplyRoleArn: CI_APPLY_ARN,
    ciPlanRoleArn: CI_PLAN_ARN,
    planNamespaces: ['kube-system', 'argocd'],
    permissionsBoundaryArn: BOUNDARY_ARN,
    logRetentionDays: 30,
    ...overrides,
  };
}

/** Synthesize one Cluster; `extra` may add outputs that reference its fields. */
export function synthCluster(
  overrides: Partial<ClusterProps> = {},
  extra: (stack: TerraformStack, cluster: Cluster) => void = () => undefined,
): TerraformJson {
  return synthConstructs((stack) => {
    const cluster = new Cluster(stack, 'cluster', clusterProps(overrides));
    extra(stack, cluster);
  });
}

/** `${type.logicalId}` of the one resource of a type, as depends_on lists it. */
export function addressOf(json: TerraformJson, type: string, match: (id: string, r: Record<string, any>) => boolean = () => true): string {
  const ids = Object.entries(json.resource?.[type] ?? {}).filter(([id, r]) => match(id, r)).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type} matching, found ${ids.length}`);
  return `${type}.${ids[0]}`;
}
