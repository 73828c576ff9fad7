import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import type { RegistryConfig } from '../shared/environment-config';

export interface ContainerRegistryProps {
  /** ECR repository name, e.g. `qa-dev/chatbot`. */
  readonly repositoryName: string;
  /** How many tagged images to keep and when untagged ones expire. */
  readonly config: RegistryConfig;
  /**
   * Delete the repository even when it still holds images. A `cdktf destroy` of a dev environment
   * may want it; production should keep the default so a destroy cannot silently drop images.
   * @default false
   */
  readonly forceDelete?: boolean;
}

const DEFAULTS = {
  forceDelete: false,
} satisfies Partial<ContainerRegistryProps>;

/** One rule of an ECR lifecycle policy, as ECR's JSON expects it. */
export interface EcrLifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection:
    | { readonly tagStatus: 'untagged'; readonly countType: 'sinceImagePushed'; readonly countUnit: 'days'; readonly countNumber: number }
    | { readonly tagStatus: 'tagged'; readonly tagPatternList: readonly string[]; readonly countType: 'imageCountMoreThan'; readonly countNumber: number };
  readonly action: { readonly type: 'expire' };
}

/**
 * The lifecycle rules of a repository: untagged images (left behind by re-pushed builds) expire
 * first, then only the newest tagged images are kept. The second rule selects `tagged` with the
 * pattern `*` rather than `any`: an `any` rule would also count untagged images, and ECR requires
 * it to carry the highest priority number anyway.
 */
export function ecrLifecycleRules(config: RegistryConfig): EcrLifecycleRule[] {
  return [
    {
      rulePriority: 1,
      description: `Expire untagged images older than ${config.untaggedExpiryDays} days`,
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: config.untaggedExpiryDays },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: `Keep only the last ${config.keepTaggedImages} tagged images`,
      selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: config.keepTaggedImages },
      action: { type: 'expire' },
    },
  ];
}

/**
 * A private ECR repository for one application image: immutable tags (a tag names exactly one
 * build, so GitOps tag bumps are reproducible), scan on push, encryption with a dedicated KMS key
 * that rotates, and a lifecycle policy that bounds storage.
 */
export class ContainerRegistry extends Construct {
  readonly repository: EcrRepository;
  readonly repositoryUrl: string;
  readonly repositoryArn: string;
  readonly encryptionKey: KmsKey;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };

    // No custom key policy: the default one delegates to IAM in this account, and ECR reaches the
    // key through grants it creates on behalf of the principal that creates the repository.
    this.encryptionKey = new KmsKey(this, 'key', {
      description: `Encrypts images of the ECR repository ${resolved.repositoryName}`,
      enableKeyRotation: true,
    });

    this.repository = new EcrRepository(this, 'repository', {
      name: resolved.repositoryName,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: this.encryptionKey.arn }],
      forceDelete: resolved.forceDelete,
    });

    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({ rules: ecrLifecycleRules(resolved.config) }),
    });

    this.repositoryUrl = this.repository.repositoryUrl;
    this.repositoryArn = this.repository.arn;
  }
}
