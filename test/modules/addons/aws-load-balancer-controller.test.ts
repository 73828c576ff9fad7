import { expect } from 'chai';
import { releaseNamed, roleArnToken, synthAddons, valuesOf } from './addon-synth';
import { AwsLoadBalancerController } from '../../../modules/addons/aws-load-balancer-controller';
import { CertManager } from '../../../modules/addons/cert-manager';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';

const CONTROLLER_PROPS = { clusterName: 'qa-dev', region: 'eu-west-1', vpcId: 'vpc-0123456789abcdef0' };

function synth() {
  let controller: AwsLoadBalancerController | undefined;
  const json = synthAddons((stack, installed) => {
    new CertManager(stack, 'cert-manager', { installed, highAvailability: false });
    controller = new AwsLoadBalancerController(stack, 'aws-load-balancer-controller', { installed, ...CONTROLLER_PROPS, roleArn: roleArnToken(stack, 'lbc_role_arn') });
  });
  const release = releaseNamed(json, 'aws-load-balancer-controller').release;
  return { json, release, values: valuesOf(release), controller: controller! };
}

describe('modules/addons/aws-load-balancer-controller', () => {
  it('installs the pinned eks-charts chart into kube-system without creating it', () => {
    expect(synth().release).to.include({
      repository: 'https://aws.github.io/eks-charts',
      chart: 'aws-load-balancer-controller',
      version: '3.5.0',
      namespace: 'kube-system',
      create_namespace: false,
    });
  });

  it('is told the cluster name, region and VPC instead of asking instance metadata', () => {
    expect(synth().values).to.include({ clusterName: 'qa-dev', region: 'eu-west-1', vpcId: 'vpc-0123456789abcdef0' });
  });

  it('creates the service account the IRSA role trusts, annotated with that role', () => {
    const { values, controller } = synth();
    expect(values.serviceAccount).to.deep.equal({
      create: true,
      name: SERVICE_ACCOUNTS.loadBalancerController.name,
      annotations: { 'eks.amazonaws.com/role-arn': '${var.lbc_role_arn}' },
    });
    expect(controller.namespace).to.equal(SERVICE_ACCOUNTS.loadBalancerController.namespace);
    expect(controller.serviceAccountName).to.equal(SERVICE_ACCOUNTS.loadBalancerController.name);
  });

  it('runs two replicas with a budget, so its fail-closed webhooks always answer', () => {
    expect(synth().values).to.deep.include({ replicaCount: 2, podDisruptionBudget: { maxUnavailable: 1 } });
  });

  it('leaves Services of type LoadBalancer alone and takes its webhook certificate from cert-manager', () => {
    expect(synth().values).to.include({ enableServiceMutatorWebhook: false, enableCertManager: true });
  });

  it('serves the alb IngressClass', () => {
    const { values, controller } = synth();
    expect(values).to.include({ ingressClass: 'alb', createIngressClassResource: true });
    expect(controller.ingressClass).to.equal('alb');
  });

  it('is installed after cert-manager', () => {
    const { json, release } = synth();
    expect(release.depends_on).to.deep.equal([releaseNamed(json, 'cert-manager').address]);
  });

  it('fails without cert-manager, naming both add-ons', () => {
    expect(() =>
      synthAddons((stack, installed) => new AwsLoadBalancerController(stack, 'lbc', { installed, ...CONTROLLER_PROPS, roleArn: 'arn:aws:iam::123456789012:role/x' })),
    ).to.throw(/AwsLoadBalancerController depends on CertManager, which is not installed/);
  });
});
