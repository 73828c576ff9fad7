import { expect } from 'chai';
import { BOUNDARY_ARN } from './cluster-oidc';
import { bedrockInvokeStatements, ChatbotBedrockAccess } from '../../../modules/identity/chatbot-bedrock-access';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { testEnvironment } from '../../support/environment';
import { onlyResource, parsePolicy, synthConstructs } from '../../support/synth';

function synth() {
  const env = testEnvironment('dev');
  return synthConstructs((stack) => {
    new ChatbotBedrockAccess(stack, 'chatbot', {
      roleName: 'qa-dev-chatbot',
      clusterName: 'qa-dev',
      accountId: env.accountId,
      region: env.region,
      modelIds: [env.bedrock.primaryModelId, env.bedrock.fallbackModelId],
      permissionsBoundaryArn: BOUNDARY_ARN,
    });
  });
}

describe('modules/identity/chatbot-bedrock-access', () => {
  it('lets only EKS Pod Identity assume the role, for this account, cluster and service account', () => {
    const trust = parsePolicy(onlyResource(synth(), 'aws_iam_role').assume_role_policy);
    expect(trust.Statement).to.have.length(1);
    const [statement] = trust.Statement;
    expect(statement.Principal).to.deep.equal({ Service: 'pods.eks.amazonaws.com' });
    expect(statement.Action).to.deep.equal(['sts:AssumeRole', 'sts:TagSession']);
    expect(statement.Condition).to.deep.equal({
      StringEquals: {
        'aws:SourceAccount': '111122223333',
        'aws:RequestTag/eks-cluster-name': 'qa-dev',
        'aws:RequestTag/kubernetes-namespace': SERVICE_ACCOUNTS.chatbot.namespace,
        'aws:RequestTag/kubernetes-service-account': SERVICE_ACCOUNTS.chatbot.name,
      },
    });
  });

  it('carries the environment\'s permissions boundary', () => {
    expect(onlyResource(synth(), 'aws_iam_role').permissions_boundary).to.equal(BOUNDARY_ARN);
  });

  it('invokes the configured inference profiles, and their foundation models only through them', () => {
    const policy = parsePolicy(onlyResource(synth(), 'aws_iam_role_policy').policy);
    const profiles = [
      'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.amazon.nova-micro-v1:0',
      'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.amazon.nova-lite-v1:0',
    ];
    expect(policy.Statement).to.deep.equal([
      { Sid: 'InvokeConfiguredModels', Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: profiles },
      {
        Sid: 'InvokeModelsThroughConfiguredProfiles',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        // Cross-region profiles route to the model in several regions: hence the region wildcard,
        // and the condition that keeps it to requests made through a configured profile.
        Resource: ['arn:aws:bedrock:*::foundation-model/amazon.nova-micro-v1:0', 'arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0'],
        Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profiles } },
      },
    ]);
  });

  it('invokes a plain foundation model id directly, in its region, with no profile statement', () => {
    expect(bedrockInvokeStatements('eu-west-1', '111122223333', ['amazon.titan-text-lite-v1'])).to.deep.equal([
      {
        Sid: 'InvokeConfiguredModels',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        Resource: ['arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-lite-v1'],
      },
    ]);
  });

  it('binds the role to the chatbot service account with session tags on', () => {
    const json = synth();
    const association = onlyResource(json, 'aws_eks_pod_identity_association');
    expect(association).to.deep.include({
      cluster_name: 'qa-dev',
      namespace: SERVICE_ACCOUNTS.chatbot.namespace,
      service_account: SERVICE_ACCOUNTS.chatbot.name,
      disable_session_tags: false,
    });
    expect(association.role_arn).to.match(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
    expect(onlyResource(json, 'aws_iam_role_policy').role).to.match(/^\$\{aws_iam_role\.[\w-]+\.name\}$/);
  });
});
