/**
 * The Ingress annotations in use are the ones the controllers document for the versions the add-ons
 * pin: every row of test/gitops/ingress-annotations.ts is found in the reference kept under
 * test/fixtures (with its source and version), and every annotation gitops/ or the root
 * Application sets is a row of the table.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { deployedEnvironment } from './deployed-render';
import { CHECKED_PREFIXES, INGRESS_ANNOTATIONS, isDocumented, type AnnotationReader } from './ingress-annotations';
import { REPO_ROOT, requireKubectl } from './render';
import { AwsLoadBalancerController } from '../../modules/addons/aws-load-balancer-controller';
import { CertManager } from '../../modules/addons/cert-manager';
import { INJECTED_INGRESS_ANNOTATIONS } from '../../stacks/chatbot-edge-patches';
import { loadConfig } from '../../stacks/config';
import { releaseNamed, synthAddons } from '../modules/addons/addon-synth';
import { loadChartFixture } from '../support/chart-fixtures';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');

/** The pinned chart version of the load balancer controller, as the add-on installs it. */
function pinnedControllerChart(): string {
  const json = synthAddons((stack, installed) => {
    new CertManager(stack, 'cert-manager', { installed, highAvailability: false });
    new AwsLoadBalancerController(stack, 'lbc', { installed, clusterName: 'c', region: 'eu-west-1', vpcId: 'vpc-1', roleArn: 'arn:aws:iam::111122223333:role/lbc' });
  });
  return releaseNamed(json, 'aws-load-balancer-controller').release.version;
}

/** Each controller's reference, for the version the add-ons pin. */
function references(): Record<AnnotationReader, { text: string; source: any }> {
  const controller = `v${pinnedControllerChart()}`;
  const externalDns = `v${loadChartFixture('external-dns', '1.21.1').source.appVersion}`;
  const read = (dir: string, file: string) => ({
    text: readFileSync(path.join(FIXTURES, dir, file), 'utf8'),
    source: JSON.parse(readFileSync(path.join(FIXTURES, dir, 'source.json'), 'utf8')),
  });
  return {
    'aws-load-balancer-controller': read(`aws-load-balancer-controller/${controller}`, 'ingress-annotations.md'),
    'external-dns': read(`external-dns/${externalDns}`, 'annotations.md'),
  };
}

/** Every annotation name with a checked prefix written anywhere under gitops/. */
function annotationsInGit(): Set<string> {
  const found = new Set<string>();
  const pattern = new RegExp(`(?:${Object.values(CHECKED_PREFIXES).map((p) => p.replace(/[.]/g, '\\.')).join('|')})[A-Za-z0-9.${'$'}{}_-]+`, 'g');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.ya?ml$/.test(entry)) for (const m of readFileSync(file, 'utf8').matchAll(pattern)) found.add(m[0].replace(/[.:]$/, ''));
    }
  };
  walk(path.join(REPO_ROOT, 'gitops'));
  return found;
}

describe('Ingress annotations against the controllers\' documentation', () => {
  const docs = references();
  const names = INGRESS_ANNOTATIONS.map((a) => a.name);

  it('keeps each reference for the version the add-ons pin, with where it came from', () => {
    expect(docs['aws-load-balancer-controller'].source).to.include({ version: `v${pinnedControllerChart()}`, tag: `v${pinnedControllerChart()}` });
    expect(docs['external-dns'].source).to.include({ version: 'v0.21.0', tag: 'v0.21.0' });
    for (const { source } of Object.values(docs)) expect(source.commit).to.match(/^[0-9a-f]{40}$/);
  });

  it('has one row per annotation, each with its controller\'s prefix', () => {
    expect(new Set(names).size).to.equal(names.length);
    for (const row of INGRESS_ANNOTATIONS) expect(row.name.startsWith(CHECKED_PREFIXES[row.readBy]), row.name).to.equal(true);
  });

  for (const row of INGRESS_ANNOTATIONS) {
    it(`${row.name} is documented by ${row.readBy} at the pinned version`, () => {
      expect(isDocumented(row.name, row.readBy, docs[row.readBy].text)).to.equal(true);
    });
  }

  it('the check can fail: annotations the references do not define are not found', () => {
    expect(isDocumented('alb.ingress.kubernetes.io/ssl-policies', 'aws-load-balancer-controller', docs['aws-load-balancer-controller'].text)).to.equal(false);
    expect(isDocumented('alb.ingress.kubernetes.io/waf-acl-arn', 'aws-load-balancer-controller', docs['aws-load-balancer-controller'].text)).to.equal(false);
    expect(isDocumented('external-dns.alpha.kubernetes.io/hostnames', 'external-dns', docs['external-dns'].text)).to.equal(false);
  });

  it('lists every annotation gitops/ writes and the root Application adds, and no row nothing uses', () => {
    requireKubectl();
    const deployed = new Set(
      loadConfig(path.join(REPO_ROOT, 'config')).environments.flatMap((env) =>
        deployedEnvironment(env.name)
          .all.filter((o) => o.object.kind === 'Ingress')
          .flatMap((o) => Object.keys(o.object.metadata?.annotations ?? {})),
      ),
    );
    const used = new Set([...annotationsInGit(), ...Object.values(INJECTED_INGRESS_ANNOTATIONS), ...deployed]);
    const checked = [...used].filter((a) => Object.values(CHECKED_PREFIXES).some((p) => a.startsWith(p)));
    expect(checked.filter((a) => !names.includes(a)).sort(), 'annotations missing from test/gitops/ingress-annotations.ts').to.deep.equal([]);
    // auth-idp-oidc is written by an oidc environment's overlay (edge.test.ts renders one).
    expect(names.filter((n) => !used.has(n) && n !== 'alb.ingress.kubernetes.io/auth-idp-oidc'), 'rows nothing uses').to.deep.equal([]);
  });

  it('docs/addons-and-gitops.md shows the same table', () => {
    const doc = readFileSync(path.join(REPO_ROOT, 'docs/addons-and-gitops.md'), 'utf8');
    for (const name of names) expect(doc, name).to.include(`\`${name}\``);
  });
});
