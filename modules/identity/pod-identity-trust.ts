import { policyJson } from '../shared/policy-document';

export interface PodIdentityTrustInput {
  readonly accountId: string;
  /** The cluster's name as a literal (`qa-dev`): the session tag is compared with it. */
  readonly clusterName: string;
  /** The one service account that may use the role (`SERVICE_ACCOUNTS.<x>`). */
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
}

/**
 * Trust policy of a role for EKS Pod Identity: only the Pod Identity agent may assume it, and only
 * for one service account of one cluster. The agent passes the pod's cluster, namespace and service
 * account as session tags (hence `sts:TagSession`), which the conditions check, so no other
 * association can use the role.
 */
export function podIdentityTrustPolicy(input: PodIdentityTrustInput): string {
  return policyJson({
    Sid: 'AllowEksPodIdentity',
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: {
      StringEquals: {
        'aws:SourceAccount': input.accountId,
        'aws:RequestTag/eks-cluster-name': input.clusterName,
        'aws:RequestTag/kubernetes-namespace': input.serviceAccount.namespace,
        'aws:RequestTag/kubernetes-service-account': input.serviceAccount.name,
      },
    },
  });
}
