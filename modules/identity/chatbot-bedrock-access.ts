import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { bedrockModelGrants } from './bedrock-model-arns';
import { podIdentityTrustPolicy } from './pod-identity-trust';
import { policyJson, type PolicyStatement } from '../shared/policy-document';
import { SERVICE_ACCOUNTS } from '../shared/service-accounts';

export interface ChatbotBedrockAccessProps {
  /** IAM role name, e.g. `qa-dev-chatbot`. */
  readonly roleName: string;
  /** Name of the EKS cluster the chatbot runs on (the association and the trust policy name it). */
  readonly clusterName: string;
  readonly accountId: string;
  /** Region the chatbot calls Bedrock in. */
  readonly region: string;
  /** Model or inference-profile ids the chatbot may invoke: primary, then fallback. */
  readonly modelIds: readonly string[];
  /** ARN of the environment's permissions boundary (`permissionsBoundaryArn()`). */
  readonly permissionsBoundaryArn: string;
}

/** Converse and ConverseStream are authorized as InvokeModel and InvokeModelWithResponseStream. */
export const BEDROCK_INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] as const;

/**
 * The invoke statements for `modelIds`: configured inference profiles and foundation models
 * directly, and a profile's foundation models (in whichever region it routes to) only with
 * `bedrock:InferenceProfileArn` naming a configured profile.
 */
export function bedrockInvokeStatements(region: string, accountId: string, modelIds: readonly string[]): PolicyStatement[] {
  const grants = bedrockModelGrants({ region, accountId, modelIds });
  const direct: PolicyStatement = {
    Sid: 'InvokeConfiguredModels',
    Effect: 'Allow',
    Action: [...BEDROCK_INVOKE_ACTIONS],
    Resource: [...grants.inferenceProfileArns, ...grants.foundationModelArns],
  };
  if (grants.routedFoundationModelArns.length === 0) return [direct];
  const throughProfiles: PolicyStatement = {
    Sid: 'InvokeModelsThroughConfiguredProfiles',
    Effect: 'Allow',
    Action: [...BEDROCK_INVOKE_ACTIONS],
    Resource: grants.routedFoundationModelArns,
    Condition: { StringEquals: { 'bedrock:InferenceProfileArn': grants.inferenceProfileArns } },
  };
  return [direct, throughProfiles];
}

/**
 * The chatbot's AWS identity, through EKS Pod Identity: a role only the Pod Identity agent can
 * assume, bound to the chatbot's service account, that may invoke the configured models and
 * nothing else.
 */
export class ChatbotBedrockAccess extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly association: EksPodIdentityAssociation;
  /** The role's policies: depend on these before running anything that uses the role. */
  readonly permissions: readonly IamRolePolicy[];

  constructor(scope: Construct, id: string, props: ChatbotBedrockAccessProps) {
    super(scope, id);
    const { namespace, name } = SERVICE_ACCOUNTS.chatbot;

    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `Pod Identity role of ${namespace}/${name}: Bedrock model invocation`,
      permissionsBoundary: props.permissionsBoundaryArn,
      assumeRolePolicy: podIdentityTrustPolicy({
        accountId: props.accountId,
        clusterName: props.clusterName,
        serviceAccount: SERVICE_ACCOUNTS.chatbot,
      }),
    });

    const policy = new IamRolePolicy(this, 'policy', {
      name: `${props.roleName}-bedrock`,
      role: this.role.name,
      policy: policyJson(...bedrockInvokeStatements(props.region, props.accountId, props.modelIds)),
    });

    this.association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.clusterName,
      namespace,
      serviceAccount: name,
      roleArn: this.role.arn,
      // The trust policy relies on the session tags; keep them on explicitly.
      disableSessionTags: false,
    });
    this.roleArn = this.role.arn;
    this.permissions = [policy];
  }
}
