import { autoscalingDeployStatements, autoscalingReadStatements } from './ci-autoscaling-statements';
import { chatChannelReadStatements } from './ci-chat-channel-statements';
import type { CiDeployScope } from './ci-deploy-scope';
import { deployStatements } from './ci-deploy-statements';
import { entryReadStatements } from './ci-entry-statements';
import { guardrailStatements } from './ci-guardrail-statements';
import { parameterReadStatement, readStatements } from './ci-read-statements';
import { environmentArns, projectArns, type CiAccountScope, type CiEnvironment } from './ci-resource-arns';
import { deployStateStatements, planStateStatements } from './ci-state-statements';
import { teardownReadStatements } from './ci-teardown-statements';
import type { NamedPolicyDocument } from './github-ci-role';
import { environmentStackNames, parameterPathPrefix } from '../shared/naming';
import { policyJson, type PolicyStatement } from '../shared/policy-document';

export type { CiDeployScope } from './ci-deploy-scope';

/** IAM's size limit of one customer managed policy, in characters without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** What the plan role reads: every environment, the state of every stack it plans. */
export interface CiPlanScope extends CiAccountScope {
  readonly environments: readonly CiEnvironment[];
  /** The stacks whose current state the role may read (`platform-dev`, `addons-dev`...). */
  readonly stackNames: readonly string[];
  /** The SSM parameters the stacks manage, relative to each environment's path (`chatbot/aws-region`). */
  readonly parameterNames: readonly string[];
}

function named(name: string, statements: PolicyStatement[]): NamedPolicyDocument {
  return { name, document: policyJson(...statements) };
}

/** Statements packed, in order, into as few policies as fit the size limit: `<name>`, `<name>-2`... */
function packed(name: string, statements: readonly PolicyStatement[]): NamedPolicyDocument[] {
  const groups: PolicyStatement[][] = [];
  for (const statement of statements) {
    const last = groups[groups.length - 1];
    if (last !== undefined && policyJson(...last, statement).length <= MANAGED_POLICY_MAX_CHARS) last.push(statement);
    else groups.push([statement]);
  }
  return groups.map((group, i) => named(i === 0 ? name : `${name}-${i + 1}`, group));
}

/** `ReadParametersDev`: a statement id from an environment name (lowercase letters and digits). */
function sidFor(prefix: string, environment: string): string {
  return `${prefix}${environment.charAt(0).toUpperCase()}${environment.slice(1)}`;
}

/**
 * The plan role's policies: read what the stacks manage (every environment), read the current
 * state, read each managed SSM parameter by its exact name. It writes nothing: not state, not a
 * lock file.
 */
export function planPolicies(scope: CiPlanScope): NamedPolicyDocument[] {
  const parameters = scope.environments.map(({ name, region }) =>
    parameterReadStatement(
      sidFor('ReadParameters', name),
      scope.parameterNames.map((parameter) => `arn:aws:ssm:${region}:${scope.accountId}:parameter${parameterPathPrefix(scope.namePrefix, name)}/${parameter}`),
    ),
  );
  return [
    named('read', [...readStatements(scope, projectArns(scope)), ...entryReadStatements(scope), ...autoscalingReadStatements(scope), ...chatChannelReadStatements()]),
    named('state', planStateStatements(scope.state, scope.stackNames)),
    ...packed('parameters', parameters),
  ];
}

/** An environment's deploy role: its own resources, its own state, and the guardrails. */
export function deployPolicies(scope: CiDeployScope): NamedPolicyDocument[] {
  const arns = environmentArns(scope, scope.environment);
  const deploy = deployStatements(scope);
  return [
    // The whole parameter path: the role writes every parameter under it anyway.
    // With what lifecycle.yml's destroy reads to prove the environment gone (tools/teardown, tools/leak-report).
    named('read', [
      ...readStatements(scope, arns),
      ...entryReadStatements(scope, scope.environment),
      parameterReadStatement('ReadParameters', [arns.ssmParameters]),
      ...teardownReadStatements(scope, scope.environment),
    ]),
    named('state', deployStateStatements(scope.state, environmentStackNames(scope.environment.name))),
    named('deploy-network', deploy.network),
    // With the cluster: Karpenter's interruption queue, its rules and the discovery tag, and their
    // reads (here, not in `read`, which is near IAM's size limit; ci-autoscaling-statements.ts).
    named('deploy-cluster', [...deploy.cluster, ...autoscalingDeployStatements(scope), ...autoscalingReadStatements(scope, scope.environment)]),
    named('deploy-edge', deploy.edge),
    named('deploy-entry', deploy.entry),
    // With the AWS Chatbot channel reads (here, not in `read`, which is near IAM's size limit).
    named('deploy-operations', [...deploy.operations, ...chatChannelReadStatements()]),
    named('guardrails', guardrailStatements(scope)),
  ];
}

/** Actions of an image push (docker/build-push-action) and of the "is this tag pushed?" check. */
export const IMAGE_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:BatchGetImage',
  'ecr:DescribeImages',
] as const;

/** An environment's image role: push to one repository (`repositoryArn`), nothing else. */
export function imagePolicies(repositoryArn: string): NamedPolicyDocument[] {
  return [
    named('push', [
      // Registry login: the token is for the whole registry by AWS's design (no resource-level
      // permission); what it may push is decided per repository, below.
      { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      { Sid: 'PushToOneRepository', Effect: 'Allow', Action: [...IMAGE_PUSH_ACTIONS], Resource: repositoryArn },
    ]),
  ];
}
