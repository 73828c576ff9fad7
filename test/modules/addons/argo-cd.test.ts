import type { TerraformStack } from 'cdktf';
import { expect } from 'chai';
import { releaseNamed, synthAddons, valuesOf } from './addon-synth';
import { ArgoCd, type ArgoCdProps } from '../../../modules/addons/argo-cd';
import { AwsLoadBalancerController } from '../../../modules/addons/aws-load-balancer-controller';
import { CertManager } from '../../../modules/addons/cert-manager';
import { ExternalSecrets } from '../../../modules/addons/external-secrets';
import type { InstalledAddons } from '../../../modules/addons/helm-addon';

const ROLE = 'arn:aws:iam::123456789012:role/x';

/** Everything Argo CD needs installed before it, in order. */
function installControllers(stack: TerraformStack, installed: InstalledAddons): void {
  new CertManager(stack, 'cert-manager', { installed, highAvailability: false });
  new AwsLoadBalancerController(stack, 'lbc', { installed, clusterName: 'qa-dev', region: 'eu-west-1', vpcId: 'vpc-1', roleArn: ROLE });
  new ExternalSecrets(stack, 'eso', { installed, highAvailability: false, roleArn: ROLE });
}

function synth(props: Omit<ArgoCdProps, 'installed'>) {
  let argoCd: ArgoCd | undefined;
  const json = synthAddons((stack, installed) => {
    installControllers(stack, installed);
    argoCd = new ArgoCd(stack, 'argo-cd', { installed, ...props });
  });
  const { release, address } = releaseNamed(json, props.releaseName ?? 'argo-cd');
  return { json, release, address, values: valuesOf(release), argoCd: argoCd! };
}

describe('modules/addons/argo-cd', () => {
  it('installs the pinned argo-cd chart into the argocd namespace, health-gated', () => {
    const { release, argoCd } = synth({ highAvailability: false });
    expect(release).to.include({
      repository: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-cd',
      version: '8.6.4',
      namespace: 'argocd',
      create_namespace: true,
      wait: true,
      wait_for_jobs: true,
      atomic: true,
    });
    expect(argoCd.namespace).to.equal('argocd');
  });

  it('is applied after the collector (and so after every controller its apps use)', () => {
    const { json, release } = synth({ highAvailability: false });
    expect(release.depends_on).to.deep.equal([releaseNamed(json, 'external-secrets').address]);
  });

  it('fails synth, naming both add-ons, when the collector is not installed', () => {
    expect(() => synthAddons((stack, installed) => new ArgoCd(stack, 'argo-cd', { installed, highAvailability: false }))).to.throw(
      /ArgoCd depends on ExternalSecrets, which is not installed/,
    );
  });

  it('keeps the API server inside the cluster, serving TLS itself', () => {
    const { values } = synth({ highAvailability: false });
    expect(values.server.service).to.deep.equal({ type: 'ClusterIP' });
    expect(values.configs.params).to.deep.equal({ 'server.insecure': false });
  });

  it('assesses an Application as healthy only when what it deployed is, so app-of-apps sync waves wait', () => {
    const { values } = synth({ highAvailability: false });
    const lua: string = values.configs.cm['resource.customizations.health.argoproj.io_Application'];
    expect(lua).to.be.a('string');
    expect(lua).to.match(/^hs = \{\}\nhs\.status = "Progressing"\n/);
    expect(lua).to.include('hs.status = obj.status.health.status');
    expect(lua.trimEnd().endsWith('return hs')).to.equal(true);
  });

  it('writes no admin password (or any other secret) into the values, and so into Terraform state', () => {
    const { release, values } = synth({ highAvailability: true });
    expect(values.configs).to.not.have.property('secret');
    expect(release.values[0]).to.not.match(/password|bcrypt|secretkey/i);
    expect(release).to.not.have.property('set_sensitive');
  });

  it('runs a single replica of everything without PDBs when not highly available', () => {
    const { values } = synth({ highAvailability: false });
    expect(values['redis-ha']).to.deep.equal({ enabled: false });
    for (const component of ['server', 'repoServer', 'applicationSet']) {
      expect(values[component].replicas, component).to.equal(1);
      expect(values[component].pdb, component).to.deep.equal({ enabled: false });
    }
  });

  it('runs the HA layout: redis-ha, two replicas with a PDB per stateless component, one unsharded controller', () => {
    const { values } = synth({ highAvailability: true });
    expect(values['redis-ha']).to.deep.equal({ enabled: true });
    for (const component of ['server', 'repoServer', 'applicationSet']) {
      expect(values[component].replicas, component).to.equal(2);
      expect(values[component].pdb, component).to.deep.equal({ enabled: true, minAvailable: 1 });
    }
    expect(values.controller).to.deep.equal({ replicas: 1, dynamicClusterDistribution: false });
  });

  it('names the server Service the way the chart does, for the port-forward command', () => {
    expect(synth({ highAvailability: false }).argoCd.serverServiceName).to.equal('argo-cd-server');
    expect(synth({ highAvailability: false, releaseName: 'gitops' }).argoCd.serverServiceName).to.equal('gitops-argo-cd-server');
  });

  it('takes another namespace and chart version when given', () => {
    const chart = { repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.6.3' };
    const { release, argoCd } = synth({ highAvailability: false, namespace: 'gitops', chart });
    expect(release).to.include({ namespace: 'gitops', version: '8.6.3' });
    expect(argoCd.namespace).to.equal('gitops');
  });
});
