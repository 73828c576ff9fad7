import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

export interface ClusterEncryptionKeyProps {
  /** Cluster name; the alias becomes `alias/<clusterName>-eks-secrets`. */
  readonly clusterName: string;
  /**
   * Days KMS waits before deleting the key once it is scheduled for deletion.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
}

const DEFAULTS = {
  deletionWindowInDays: 30,
} satisfies Partial<ClusterEncryptionKeyProps>;

/**
 * The customer managed KMS key EKS uses for envelope encryption of Kubernetes Secrets in etcd.
 *
 * No custom key policy: the default one delegates access to IAM policies of this account, so the
 * cluster role's inline policy (scoped to this key) is what grants EKS its use. A custom policy
 * would have to grant the account root `kms:*`, which the policy suite forbids.
 */
export class ClusterEncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: ClusterEncryptionKeyProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };

    this.key = new KmsKey(this, 'key', {
      description: `Envelope encryption of Kubernetes secrets of EKS cluster ${resolved.clusterName}`,
      enableKeyRotation: true,
      // The longest window: secrets encrypted with a deleted key are lost for good.
      deletionWindowInDays: resolved.deletionWindowInDays,
    });
    this.alias = new KmsAlias(this, 'alias', {
      name: `alias/${resolved.clusterName}-eks-secrets`,
      targetKeyId: this.key.keyId,
    });
  }
}
