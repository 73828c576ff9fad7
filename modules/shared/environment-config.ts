/**
 * The typed, validated configuration every construct receives. It is produced once, at the edge,
 * by `stacks/config.ts` (which reads `config/*.yaml`); constructs never read files or
 * `process.env` themselves.
 */

/** How NAT gateways are laid out: one shared (cheap) or one per AZ (no cross-AZ dependency). */
export type NatStrategy = 'single' | 'per-az';

/** Services that can get an interface VPC endpoint (the suffix of `com.amazonaws.<region>.<service>`). */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'sts', 'logs', 'ssm', 'bedrock-runtime'] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** The GitHub repository whose Actions may assume the CI roles (OIDC trust). */
export interface GitHubRepository {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
}

export interface NetworkConfig {
  /** IPv4 CIDR of the VPC, /16 to /20. */
  readonly vpcCidr: string;
  /** Number of availability zones to spread subnets across, 2 to 6. */
  readonly azCount: number;
  readonly natStrategy: NatStrategy;
  /** Interface endpoints to create in the private subnets (the S3 gateway endpoint is always created). */
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
}

export interface NodeGroupConfig {
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Root volume size (encrypted gp3), GiB. */
  readonly diskSizeGiB: number;
  readonly capacityType: 'ON_DEMAND' | 'SPOT';
}

export interface ClusterConfig {
  /** Kubernetes minor version, e.g. "1.33". */
  readonly version: string;
  /** CIDRs allowed to reach the public API endpoint (the private endpoint is always on). */
  readonly publicEndpointCidrs: readonly string[];
  /** IAM principals (roles/users) given cluster-admin through EKS access entries. */
  readonly adminPrincipalArns: readonly string[];
  readonly nodeGroup: NodeGroupConfig;
}

export interface BedrockConfig {
  /** Model or inference-profile id served first, e.g. "us.amazon.nova-micro-v1:0". */
  readonly primaryModelId: string;
  /** Model or inference-profile id used when the primary throttles, fails or times out. */
  readonly fallbackModelId: string;
}

export interface StaticSiteConfig {
  /** Optional alias for the CloudFront distribution (needs `certificateArn`). */
  readonly domainName?: string;
  /** ACM certificate in us-east-1 covering `domainName`. */
  readonly certificateArn?: string;
  /** Put an AWS WAF web ACL with AWS managed rule groups in front of the distribution. */
  readonly enableWaf: boolean;
}

export interface RegistryConfig {
  /** How many tagged images the lifecycle policy keeps. */
  readonly keepTaggedImages: number;
  /** Days after which untagged images expire. */
  readonly untaggedExpiryDays: number;
}

/** Where Terraform state lives and who may deploy: made by the `bootstrap` stack. */
export interface StateConfig {
  readonly accountId: string;
  readonly region: string;
  /**
   * Where the bootstrap stack keeps its own state: `local` until the bucket exists, then `s3`
   * (after `terraform init -migrate-state`, see README).
   */
  readonly bootstrapBackend: 'local' | 's3';
}

export interface EnvironmentConfig {
  /** Environment name, also the GitHub environment the apply role trusts (`dev`, `prod`). */
  readonly name: string;
  /** Production environments get stricter validation (no open API endpoint, per-AZ NAT advised). */
  readonly production: boolean;
  readonly accountId: string;
  readonly region: string;
  /** Short lowercase prefix for every resource name, e.g. "qa". */
  readonly namePrefix: string;
  /** Tags put on every taggable resource (plus Environment, Project and ManagedBy). */
  readonly tags: Readonly<Record<string, string>>;
  readonly network: NetworkConfig;
  readonly cluster: ClusterConfig;
  readonly github: GitHubRepository;
  readonly bedrock: BedrockConfig;
  readonly site: StaticSiteConfig;
  readonly registry: RegistryConfig;
  /** Retention of every CloudWatch log group, in days (a value CloudWatch accepts). */
  readonly logRetentionDays: number;
  readonly state: StateConfig;
}

export interface ProjectConfig {
  readonly namePrefix: string;
  readonly github: GitHubRepository;
  readonly state: StateConfig;
  readonly tags: Readonly<Record<string, string>>;
  readonly logRetentionDays: number;
  readonly environments: readonly EnvironmentConfig[];
}
