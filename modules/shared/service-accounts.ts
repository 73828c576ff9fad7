/**
 * Kubernetes service accounts that get AWS identities. The platform stack trusts them (IRSA roles,
 * Pod Identity associations); the add-ons stack and gitops/ create them with these exact names.
 */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

export const SERVICE_ACCOUNTS = {
  loadBalancerController: { namespace: 'kube-system', name: 'aws-load-balancer-controller' },
  externalSecrets: { namespace: 'external-secrets', name: 'external-secrets' },
  externalDns: { namespace: 'external-dns', name: 'external-dns' },
  adotCollector: { namespace: 'opentelemetry', name: 'adot-collector' },
  ebsCsiController: { namespace: 'kube-system', name: 'ebs-csi-controller-sa' },
  vpcCni: { namespace: 'kube-system', name: 'aws-node' },
  chatbot: { namespace: 'chatbot', name: 'chatbot' },
  karpenter: { namespace: 'kube-system', name: 'karpenter' },
} as const satisfies Record<string, ServiceAccountRef>;
