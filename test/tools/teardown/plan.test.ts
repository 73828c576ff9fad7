/**
 * The teardown's order against the synthesized app: every stack of the environment destroyed
 * after the stacks that depend on it (manifest.json), the drain (root app, NodePools and their
 * nodes, the controllers' load balancers and records) before any Terraform destroy, and so before
 * the stack holding the Karpenter release and the stack holding the cluster. What the teardown
 * assumes about the add-ons (the root app's name and namespace, external-dns's policy) is checked
 * against the add-ons stacks themselves.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { expect } from 'chai';
import { rawDocuments } from './harness';
import { ExternalDns } from '../../../modules/addons/external-dns';
import { LIFECYCLE_TTL_TAG } from '../../../modules/shared/lifecycle-ttl';
import { buildPlatformApp, type PlatformApp } from '../../../stacks/app';
import { resolveConfig } from '../../../stacks/config';
import { parseStackManifest, type StackManifest } from '../../../tools/ci/src/stack-manifest';
import { dnsCleanup, DRAIN_STEPS, rootApplication, teardownPlan } from '../../../tools/teardown/src/plan';
import { describePlan } from '../../../tools/teardown/src/teardown';

describe('teardown plan, from the synthesized dependency graph', function () {
  this.timeout(120_000);
  const outdir = mkdtempSync(join(tmpdir(), 'teardown-plan-'));
  const project = resolveConfig(rawDocuments());
  let built: PlatformApp;
  let manifest: StackManifest;
  const stackJson = (name: string) => JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  /** The stacks holding a resource of `type` (and, for helm releases, chart `chart`). */
  const stacksWith = (names: readonly string[], type: string, chart?: string) =>
    names.filter((n) => Object.values(stackJson(n).resource?.[type] ?? {}).some((r) => chart === undefined || r.chart === chart));

  before(() => {
    built = buildPlatformApp(project, new App({ outdir }));
    built.app.synth();
    manifest = parseStackManifest(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  });
  after(() => rmSync(outdir, { recursive: true, force: true }));

  for (const environment of ['dev', 'prod']) {
    describe(environment, () => {
      it('drains first, then destroys every stack of the environment (never bootstrap) after its dependants, then reports', () => {
        const plan = teardownPlan(manifest, environment);
        expect(plan.slice(0, DRAIN_STEPS.length).map((s) => (s.phase === 'drain' ? s.step : s.phase))).to.deep.equal([...DRAIN_STEPS]);
        const destroyed = plan.flatMap((s) => (s.phase === 'destroy' ? [s.stack] : []));
        const own = manifest.stacks.map((s) => s.name).filter((n) => n.endsWith(`-${environment}`));
        expect([...destroyed].sort()).to.deep.equal([...own].sort());
        expect(destroyed).to.not.include('bootstrap');
        for (const stack of manifest.stacks.filter((s) => destroyed.includes(s.name))) {
          for (const dependency of stack.dependencies) {
            expect(destroyed.indexOf(stack.name), `${stack.name} before ${dependency}`).to.be.lessThan(destroyed.indexOf(dependency));
          }
        }
        expect(destroyed).to.deep.equal([`addons-${environment}`, `platform-${environment}`]);
        expect(plan[plan.length - 1]).to.deep.equal({ phase: 'leak-report' });
      });

      it('deletes the NodePools and waits for their nodes before the Karpenter release and the cluster are destroyed', () => {
        const plan = teardownPlan(manifest, environment);
        const destroyed = plan.flatMap((s) => (s.phase === 'destroy' ? [s.stack] : []));
        const karpenter = stacksWith(destroyed, 'helm_release', 'karpenter');
        const cluster = stacksWith(destroyed, 'aws_eks_cluster');
        expect(karpenter, 'the Karpenter controller is a Helm release of one stack').to.have.length(1);
        expect(cluster, 'the cluster is in one stack').to.have.length(1);
        const at = (predicate: (s: (typeof plan)[number]) => boolean) => plan.findIndex(predicate);
        const nodePools = at((s) => s.phase === 'drain' && s.step === 'karpenter-nodepools');
        const nodes = at((s) => s.phase === 'drain' && s.step === 'karpenter-instances');
        const controller = at((s) => s.phase === 'destroy' && s.stack === karpenter[0]);
        const clusterGone = at((s) => s.phase === 'destroy' && s.stack === cluster[0]);
        expect(at((s) => s.phase === 'drain' && s.step === 'argo-cd-applications')).to.be.lessThan(nodePools);
        expect(nodePools).to.be.lessThan(nodes);
        expect(nodes).to.be.lessThan(controller);
        expect(controller).to.be.at.most(clusterGone);
        // Every add-on (the load balancer controller, external-dns) still runs while the drain waits.
        const lastDrain = plan.map((s) => s.phase === 'drain').lastIndexOf(true);
        for (const stack of stacksWith(destroyed, 'helm_release')) expect(at((s) => s.phase === 'destroy' && s.stack === stack)).to.be.greaterThan(lastDrain);
      });

      it('names the root app and its namespace as the add-ons stack installs them', () => {
        const addons = built.addons.find((a) => a.node.id === `addons-${environment}`)!;
        expect(rootApplication(environment)).to.deep.equal({ namespace: addons.rootApp.namespace, name: addons.rootApp.applicationName });
      });

      it("knows whether external-dns deletes the chat host's records on teardown, as the add-ons stack sets it up", () => {
        const env = project.environments.find((e) => e.name === environment)!;
        const addons = built.addons.find((a) => a.node.id === `addons-${environment}`)!;
        const policy = (addons.externalDns as { policy?: string } | undefined)?.policy;
        const route53 = addons.externalDns instanceof ExternalDns;
        const expected = addons.externalDns === undefined ? 'none' : !route53 ? 'cloudflare' : policy === 'sync' ? 'route53-sync' : 'route53-kept';
        expect(dnsCleanup(env)).to.equal(expected);
      });
    });
  }

  it('dev waits for its records (Route 53, sync); prod keeps them (upsert-only), so the teardown does not wait for them there', () => {
    expect(dnsCleanup(project.environments.find((e) => e.name === 'dev')!)).to.equal('route53-sync');
    expect(dnsCleanup(project.environments.find((e) => e.name === 'prod')!)).to.equal('route53-kept');
  });

  it("leaves the cluster's ttl tag to lifecycle.yml: the platform's AWS provider ignores it (no plan, drift or apply touches it)", () => {
    for (const environment of ['dev', 'prod']) {
      const providers = (JSON.parse(readFileSync(join(outdir, 'stacks', `platform-${environment}`, 'cdk.tf.json'), 'utf8')) as { provider: { aws: Array<{ alias?: string; ignore_tags?: Array<{ keys?: string[] }> }> } }).provider.aws;
      const main = providers.find((p) => p.alias === undefined)!;
      expect(main.ignore_tags?.flatMap((t) => t.keys ?? [])).to.deep.equal([LIFECYCLE_TTL_TAG]);
    }
    expect(LIFECYCLE_TTL_TAG).to.equal('ttl');
  });

  it('shows the plan before asking, in order', () => {
    const lines = describePlan(teardownPlan(manifest, 'dev'), 'dev');
    expect(lines[0]).to.match(/^1\. delete the Argo CD root app argocd\/root-dev .*NodePools/);
    expect(lines.slice(1)).to.deep.equal(['2. destroy addons-dev', '3. destroy platform-dev', '4. run the leak report on the account']);
    expect(describePlan(teardownPlan(manifest, 'dev', { drain: false, leakReport: false }), 'dev')).to.deep.equal(['1. destroy addons-dev', '2. destroy platform-dev']);
  });
});
