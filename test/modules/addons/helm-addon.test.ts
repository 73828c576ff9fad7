import { expect } from 'chai';
import type { Construct } from 'constructs';
import { releaseNamed, synthAddons, valuesOf } from './addon-synth';
import { HelmAddon, type HelmChart, InstalledAddons } from '../../../modules/addons/helm-addon';

const CHART: HelmChart = { repository: 'https://charts.example.com', chart: 'example', version: '1.2.3' };

interface TestAddonProps {
  readonly installed: InstalledAddons;
  readonly timeoutSeconds?: number;
  readonly createNamespace?: boolean;
}

class First extends HelmAddon {
  constructor(scope: Construct, id: string, props: TestAddonProps) {
    super(scope, id, { ...props, chart: CHART, releaseName: 'first', namespace: 'first-ns', values: { nested: { enabled: true }, list: [1, 2] } });
  }
}

class Second extends HelmAddon {
  static override readonly dependencies = [First];
  constructor(scope: Construct, id: string, props: TestAddonProps) {
    super(scope, id, { ...props, chart: CHART, releaseName: 'second', namespace: 'second-ns', values: {} });
  }
}

class Third extends HelmAddon {
  static override readonly dependencies = [First, Second];
  constructor(scope: Construct, id: string, props: TestAddonProps) {
    super(scope, id, { ...props, chart: CHART, releaseName: 'third', namespace: 'third-ns', values: {} });
  }
}

describe('modules/addons/helm-addon', () => {
  it('gates every release on readiness and rolls a failed install back', () => {
    const { release } = releaseNamed(synthAddons((stack, installed) => new First(stack, 'first', { installed })), 'first');
    expect(release).to.include({ wait: true, wait_for_jobs: true, atomic: true, cleanup_on_fail: true, timeout: 600 });
  });

  it('installs the pinned chart into its namespace, creating it unless told not to', () => {
    const json = synthAddons((stack, installed) => {
      new First(stack, 'first', { installed });
      new Second(stack, 'second', { installed, createNamespace: false, timeoutSeconds: 900 });
    });
    const first = releaseNamed(json, 'first').release;
    expect(first).to.include({ repository: CHART.repository, chart: CHART.chart, version: CHART.version, namespace: 'first-ns', create_namespace: true });
    expect(releaseNamed(json, 'second').release).to.include({ create_namespace: false, timeout: 900 });
  });

  it('renders the values as one JSON document', () => {
    const { release } = releaseNamed(synthAddons((stack, installed) => new First(stack, 'first', { installed })), 'first');
    expect(valuesOf(release)).to.deep.equal({ nested: { enabled: true }, list: [1, 2] });
  });

  it('turns declared dependencies into depends_on on their releases', () => {
    const json = synthAddons((stack, installed) => {
      new First(stack, 'first', { installed });
      new Second(stack, 'second', { installed });
      new Third(stack, 'third', { installed });
    });
    const first = releaseNamed(json, 'first');
    const second = releaseNamed(json, 'second');
    expect(first.release.depends_on ?? []).to.deep.equal([]);
    expect(second.release.depends_on).to.deep.equal([first.address]);
    expect(releaseNamed(json, 'third').release.depends_on).to.deep.equal([first.address, second.address]);
  });

  it('fails when a dependency is missing, naming both add-ons', () => {
    expect(() => synthAddons((stack, installed) => new Second(stack, 'second', { installed }))).to.throw(
      'Second depends on First, which is not installed in this cluster: install First before Second',
    );
  });

  it('fails when a dependency is installed after its dependent', () => {
    expect(() =>
      synthAddons((stack, installed) => {
        new Second(stack, 'second', { installed });
        new First(stack, 'first', { installed });
      }),
    ).to.throw(/Second depends on First/);
  });

  it('refuses to install the same add-on twice in one cluster', () => {
    expect(() =>
      synthAddons((stack, installed) => {
        new First(stack, 'first', { installed });
        new First(stack, 'first-again', { installed });
      }),
    ).to.throw('First is installed twice in the same cluster');
  });

  it('records installed add-ons by class, in installation order', () => {
    synthAddons((stack, installed) => {
      const first = new First(stack, 'first', { installed });
      const second = new Second(stack, 'second', { installed });
      expect(installed.find(First)).to.equal(first);
      expect(installed.find(Third)).to.equal(undefined);
      expect(installed.all()).to.deep.equal([first, second]);
    });
  });

  it('comes after optional add-ons given as `after`, besides its class dependencies, without duplicates', () => {
    class Late extends HelmAddon {
      static override readonly dependencies = [First];
      constructor(scope: Construct, id: string, props: TestAddonProps & { after: HelmAddon[] }) {
        super(scope, id, { ...props, chart: CHART, releaseName: 'late', namespace: 'late-ns', values: {} });
      }
    }
    const json = synthAddons((stack, installed) => {
      const first = new First(stack, 'first', { installed });
      const second = new Second(stack, 'second', { installed });
      new Late(stack, 'late', { installed, after: [second, first] });
    });
    expect(releaseNamed(json, 'late').release.depends_on).to.deep.equal([releaseNamed(json, 'first').address, releaseNamed(json, 'second').address]);
  });

  it('refuses `after` an add-on of another cluster, naming it', () => {
    synthAddons((stack, installed) => {
      const elsewhere = new First(stack, 'elsewhere', { installed: new InstalledAddons() });
      new First(stack, 'first', { installed });
      class Late extends HelmAddon {
        constructor(scope: Construct, id: string) {
          super(scope, id, { installed, chart: CHART, releaseName: 'late', namespace: 'late-ns', values: {}, after: [elsewhere] });
        }
      }
      expect(() => new Late(stack, 'late')).to.throw(/Late is to come after First "first", which is not installed in this cluster yet/);
    });
  });

  it('keeps separate clusters apart', () => {
    synthAddons((stack) => {
      new First(stack, 'first', { installed: new InstalledAddons() });
      expect(() => new Second(stack, 'second', { installed: new InstalledAddons() })).to.throw(/Second depends on First/);
    });
  });
});
