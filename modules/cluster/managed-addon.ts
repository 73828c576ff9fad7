import { DataAwsEksAddonVersion } from '@cdktf/provider-aws/lib/data-aws-eks-addon-version';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

export interface ManagedAddonProps {
  /** Name of the cluster (a reference to `aws_eks_cluster.name`). */
  readonly clusterName: string;
  /** Kubernetes minor version of the cluster, e.g. "1.33"; selects the add-on version. */
  readonly kubernetesVersion: string;
  /** EKS add-on name, e.g. `vpc-cni`. */
  readonly addonName: string;
  /**
   * IRSA role the add-on's service account assumes.
   * @default - none: the add-on runs with the node's identity (or needs none)
   */
  readonly serviceAccountRoleArn?: string;
  /**
   * Add-on configuration (the schema `aws eks describe-addon-configuration` prints), rendered to JSON.
   * @default - the add-on's defaults
   */
  readonly configurationValues?: Readonly<Record<string, unknown>>;
  /**
   * Resources the add-on must wait for (e.g. the node group, for add-ons that run a Deployment).
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

const DEFAULTS = {
  dependsOn: [],
} satisfies Partial<ManagedAddonProps>;

/**
 * One EKS managed add-on at the default version EKS recommends for the cluster's Kubernetes
 * version. `most_recent = false` makes the version a function of the Kubernetes version, so a plan
 * is reproducible and the add-on moves only when the cluster is upgraded.
 */
export class ManagedAddon extends Construct {
  readonly addon: EksAddon;
  readonly version: DataAwsEksAddonVersion;

  constructor(scope: Construct, id: string, props: ManagedAddonProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };

    this.version = new DataAwsEksAddonVersion(this, 'version', {
      addonName: resolved.addonName,
      kubernetesVersion: resolved.kubernetesVersion,
      mostRecent: false,
    });
    this.addon = new EksAddon(this, 'addon', {
      clusterName: resolved.clusterName,
      addonName: resolved.addonName,
      addonVersion: this.version.version,
      serviceAccountRoleArn: resolved.serviceAccountRoleArn,
      configurationValues: resolved.configurationValues ? JSON.stringify(resolved.configurationValues) : undefined,
      // EKS creates self-managed vpc-cni, kube-proxy and coredns with every cluster; the managed
      // add-on takes them over, and the add-on (not kubectl edits) stays the source of truth.
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      dependsOn: resolved.dependsOn.length > 0 ? resolved.dependsOn : undefined,
    });
  }
}
