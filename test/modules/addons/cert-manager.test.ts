import { expect } from 'chai';
import { releaseNamed, synthAddons, valuesOf } from './addon-synth';
import { CertManager } from '../../../modules/addons/cert-manager';

function synth(highAvailability: boolean) {
  return releaseNamed(synthAddons((stack, installed) => new CertManager(stack, 'cert-manager', { installed, highAvailability })), 'cert-manager').release;
}

describe('modules/addons/cert-manager', () => {
  it('installs the pinned jetstack chart into its own namespace', () => {
    expect(synth(false)).to.include({
      repository: 'https://charts.jetstack.io',
      chart: 'cert-manager',
      version: 'v1.21.1',
      namespace: 'cert-manager',
      create_namespace: true,
    });
  });

  it('installs and keeps the CRDs with the release', () => {
    expect(valuesOf(synth(false)).crds).to.deep.equal({ enabled: true, keep: true });
  });

  it('keeps the startupapicheck Job, the webhook-readiness gate Helm waits for', () => {
    const release = synth(false);
    expect(valuesOf(release).startupapicheck).to.deep.equal({ enabled: true });
    expect(release.wait_for_jobs).to.equal(true);
  });

  it('runs two replicas of every component with a budget in HA', () => {
    const values = valuesOf(synth(true));
    for (const component of [values, values.webhook, values.cainjector]) {
      expect(component.replicaCount).to.equal(2);
      expect(component.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
    }
  });

  it('runs one replica and no budget (which would block node drains) otherwise', () => {
    const values = valuesOf(synth(false));
    for (const component of [values, values.webhook, values.cainjector]) {
      expect(component.replicaCount).to.equal(1);
      expect(component.podDisruptionBudget).to.deep.equal({ enabled: false });
    }
  });

  it('needs nothing installed before it', () => {
    expect(CertManager.dependencies).to.deep.equal([]);
    expect(synth(false).depends_on ?? []).to.deep.equal([]);
  });
});
