import { expect } from 'chai';
import { releaseNamed, roleArnToken, synthAddons, valuesOf } from './addon-synth';
import { AwsLoadBalancerController } from '../../../modules/addons/aws-load-balancer-controller';
import { CertManager } from '../../../modules/addons/cert-manager';
import { ExternalSecrets } from '../../../modules/addons/external-secrets';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';

function synth(highAvailability: boolean) {
  let eso: ExternalSecrets | undefined;
  const json = synthAddons((stack, installed) => {
    new CertManager(stack, 'cert-manager', { installed, highAvailability });
    new AwsLoadBalancerController(stack, 'lbc', { installed, clusterName: 'qa-dev', region: 'eu-west-1', vpcId: 'vpc-1', roleArn: 'arn:aws:iam::123456789012:role/lbc' });
    eso = new ExternalSecrets(stack, 'external-secrets', { installed, highAvailability, roleArn: roleArnToken(stack, 'eso_role_arn') });
  });
  const release = releaseNamed(json, 'external-secrets').release;
  return { json, release, values: valuesOf(release), eso: eso! };
}

describe('modules/addons/external-secrets', () => {
  it('installs the pinned chart into the namespace its service account lives in', () => {
    expect(synth(false).release).to.include({
      repository: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      version: '2.9.0',
      namespace: SERVICE_ACCOUNTS.externalSecrets.namespace,
      create_namespace: true,
    });
  });

  it('installs its CRDs, its webhook and the cert-controller that makes the webhook ready', () => {
    const { values } = synth(false);
    expect(values.installCRDs).to.equal(true);
    expect(values.webhook.create).to.equal(true);
    expect(values.certController.create).to.equal(true);
  });

  it('creates the service account the IRSA role trusts, annotated with that role', () => {
    const { values, eso } = synth(false);
    expect(values.serviceAccount).to.deep.equal({
      create: true,
      name: SERVICE_ACCOUNTS.externalSecrets.name,
      annotations: { 'eks.amazonaws.com/role-arn': '${var.eso_role_arn}' },
    });
    expect(eso.serviceAccountName).to.equal(SERVICE_ACCOUNTS.externalSecrets.name);
  });

  it('runs two leader-elected replicas of every component with budgets in HA', () => {
    const { values } = synth(true);
    expect(values.leaderElect).to.equal(true);
    for (const component of [values, values.webhook, values.certController]) {
      expect(component.replicaCount).to.equal(2);
      expect(component.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
    }
  });

  it('runs single replicas without budgets otherwise', () => {
    const { values } = synth(false);
    expect(values.leaderElect).to.equal(false);
    for (const component of [values, values.webhook, values.certController]) {
      expect(component.replicaCount).to.equal(1);
      expect(component.podDisruptionBudget).to.deep.equal({ enabled: false });
    }
  });

  it('is installed after the load balancer controller', () => {
    const { json, release } = synth(false);
    expect(release.depends_on).to.deep.equal([releaseNamed(json, 'aws-load-balancer-controller').address]);
  });

  it('fails without the load balancer controller, naming both add-ons', () => {
    expect(() =>
      synthAddons((stack, installed) => {
        new CertManager(stack, 'cert-manager', { installed, highAvailability: false });
        new ExternalSecrets(stack, 'eso', { installed, highAvailability: false, roleArn: 'arn:aws:iam::123456789012:role/x' });
      }),
    ).to.throw(/ExternalSecrets depends on AwsLoadBalancerController, which is not installed/);
  });
});
