import type { Construct } from 'constructs';
import { awsLoadBalancerControllerValues } from './values';
import { SERVICE_ACCOUNTS } from '../../shared/service-accounts';
import { CertManager } from '../cert-manager';
import { irsaServiceAccount } from '../chart-values';
import { HelmAddon, type HelmChart, type InstalledAddons } from '../helm-addon';

export interface AwsLoadBalancerControllerProps {
  readonly installed: InstalledAddons;
  /** Name of the EKS cluster: the controller tags what it creates with it and finds subnets by it. */
  readonly clusterName: string;
  /** Region of the cluster. */
  readonly region: string;
  /** VPC the load balancers and target groups are created in. */
  readonly vpcId: string;
  /** IRSA role of the controller's service account (platform `loadBalancerController.roleArn`). */
  readonly roleArn: string;
  /**
   * The aws-load-balancer-controller chart, pinned (chart 3.x ships controller v3.x, whose IAM
   * policy modules/identity keeps a copy of: upgrade both together).
   * @default aws-load-balancer-controller 3.5.0 (controller v3.5.0) from https://aws.github.io/eks-charts
   */
  readonly chart?: HelmChart;
  /**
   * Helm release name.
   * @default 'aws-load-balancer-controller'
   */
  readonly releaseName?: string;
  /**
   * IngressClass the controller creates and serves; Ingresses in gitops/ name it.
   * @default 'alb'
   */
  readonly ingressClass?: string;
}

const DEFAULTS = {
  chart: { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '3.5.0' },
  releaseName: 'aws-load-balancer-controller',
  ingressClass: 'alb',
} satisfies Omit<Required<AwsLoadBalancerControllerProps>, 'installed' | 'clusterName' | 'region' | 'vpcId' | 'roleArn'>;

/**
 * The AWS Load Balancer Controller: turns the chatbot's Ingress into an ALB. It depends on
 * cert-manager (its webhook certificate), and everything after it in the chain depends on it, so
 * on destroy the root application and its Ingresses are deleted while it still runs and can
 * delete the ALBs, target groups and security groups it made.
 */
export class AwsLoadBalancerController extends HelmAddon {
  static override readonly dependencies = [CertManager];

  /** The service account the IRSA role trusts (namespace is {@link namespace}). */
  readonly serviceAccountName: string;
  readonly ingressClass: string;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    const resolved = { ...DEFAULTS, ...props };
    // Namespace and name are not props: the IRSA role's trust policy names exactly this account.
    const account = SERVICE_ACCOUNTS.loadBalancerController;
    super(scope, id, {
      installed: resolved.installed,
      chart: resolved.chart,
      releaseName: resolved.releaseName,
      namespace: account.namespace,
      // kube-system always exists.
      createNamespace: false,
      values: awsLoadBalancerControllerValues({
        clusterName: resolved.clusterName,
        region: resolved.region,
        vpcId: resolved.vpcId,
        serviceAccount: irsaServiceAccount(account, resolved.roleArn),
        ingressClass: resolved.ingressClass,
      }),
    });
    this.serviceAccountName = account.name;
    this.ingressClass = resolved.ingressClass;
  }
}
