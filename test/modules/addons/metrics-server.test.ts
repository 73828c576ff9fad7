import { expect } from 'chai';
import { releaseNamed, synthAddons, valuesOf } from './addon-synth';
import { MetricsServer } from '../../../modules/addons/metrics-server';

function synth(highAvailability: boolean) {
  return releaseNamed(synthAddons((stack, installed) => new MetricsServer(stack, 'metrics-server', { installed, highAvailability })), 'metrics-server').release;
}

describe('modules/addons/metrics-server', () => {
  it('installs the pinned kubernetes-sigs chart into kube-system without creating it', () => {
    expect(synth(false)).to.include({
      repository: 'https://kubernetes-sigs.github.io/metrics-server/',
      chart: 'metrics-server',
      version: '3.13.1',
      namespace: 'kube-system',
      create_namespace: false,
    });
  });

  it('creates a namespace other than kube-system', () => {
    const json = synthAddons((stack, installed) => new MetricsServer(stack, 'metrics-server', { installed, highAvailability: false, namespace: 'monitoring' }));
    expect(releaseNamed(json, 'metrics-server').release).to.include({ namespace: 'monitoring', create_namespace: true });
  });

  it('runs two replicas with a budget in HA and one without otherwise', () => {
    expect(valuesOf(synth(true))).to.deep.equal({ replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
    expect(valuesOf(synth(false))).to.deep.equal({ replicas: 1, podDisruptionBudget: { enabled: false } });
  });

  it('depends on no other add-on', () => {
    expect(MetricsServer.dependencies).to.deep.equal([]);
    expect(synth(false).depends_on ?? []).to.deep.equal([]);
  });
});
