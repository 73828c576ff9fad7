/**
 * The gitops policy: first every rule against small hand-written objects (a violation must be
 * reported naming its object, the compliant environment must pass), then every rule over the
 * rendered roots of each environment in gitops/ (what ArgoCD applies there, all roots together).
 */
import * as path from 'node:path';
import { expect } from 'chai';
import { deployedEnvironment } from './deployed-render';
import { appWorkloads, type GitopsViolation, ofKind } from './gitops-rule';
import { environmentOf, findRootDirs, renderDirectory, REPO_ROOT, requireKubectl, type RenderedObject } from './render';
import { ARGO_CASES } from './rule-cases/argo-cases';
import { compliantEnvironment, type GitopsRuleCase } from './rule-cases/compliant-environment';
import { INGRESS_CASES, productionIngress } from './rule-cases/ingress-cases';
import { WORKLOAD_CASES } from './rule-cases/workload-cases';
import { ALL_GITOPS_RULES } from './rules/all-gitops-rules';
import { APPS_PROJECT, destinationAllows, globMatch } from './rules/argo-rules';
import { productionAlbIngressEdge } from './rules/ingress-rules';
import { imageTag } from './rules/workload-rules';
import { loadConfig } from '../../stacks/config';

const GITOPS_RULE_CASES: readonly GitopsRuleCase[] = [...WORKLOAD_CASES, ...ARGO_CASES, ...INGRESS_CASES];

function report(violations: readonly GitopsViolation[]): string {
  return `\n${violations.length} violation(s):\n${violations.map((v) => `  [${v.rule}] ${v.message}`).join('\n')}\n`;
}

describe('gitops policy rules', () => {
  it('has unique ids and at least one violating case per rule', () => {
    const ids = ALL_GITOPS_RULES.map((r) => r.id);
    expect(new Set(ids).size, 'duplicate rule ids').to.equal(ids.length);
    const untested = ALL_GITOPS_RULES.filter((r) => !GITOPS_RULE_CASES.some((c) => c.rule === r)).map((r) => r.id);
    expect(untested, 'rules without a case').to.deep.equal([]);
  });

  it('accepts the compliant environment under every rule', () => {
    const found = ALL_GITOPS_RULES.flatMap((r) => r.check(compliantEnvironment()));
    expect(found, report(found)).to.deep.equal([]);
  });

  it('accepts a production Ingress with HTTPS, a TLS 1.2+ policy, a redirect, a certificate and WAF, and leaves dev Ingresses alone', () => {
    const prod = { directory: 'gitops/apps/chatbot/overlays/prod', file: 'gitops/apps/chatbot/base/ingress.yaml', object: productionIngress() };
    const httpOnly = productionIngress();
    httpOnly.metadata.annotations = { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' };
    const dev = { directory: 'gitops/apps/chatbot/overlays/dev', file: 'gitops/apps/chatbot/base/ingress.yaml', object: httpOnly };
    const found = productionAlbIngressEdge.check([...compliantEnvironment(), prod, dev]);
    expect(found, report(found)).to.deep.equal([]);
  });

  for (const c of GITOPS_RULE_CASES) {
    it(`${c.rule.id} reports ${c.violates}, naming ${c.names}`, () => {
      const found = c.rule.check(c.objects);
      const named = found.filter((v) => v.object === c.names);
      expect(named, report(found)).to.have.length.greaterThan(0);
      for (const v of named) {
        expect(v.rule).to.equal(c.rule.id);
        expect(v.message.startsWith(`${c.names}: `), v.message).to.equal(true);
      }
      expect(named.map((v) => v.message).join('\n')).to.include(c.says);
    });
  }

  describe('helpers', () => {
    it('reads image tags past registry ports and digests', () => {
      expect(imageTag('reg.example.com:5000/qa-dev/chatbot')).to.deep.equal({ tag: undefined, digest: false });
      expect(imageTag('reg.example.com:5000/qa-dev/chatbot:1.2.3')).to.deep.equal({ tag: '1.2.3', digest: false });
      expect(imageTag('chatbot@sha256:abc')).to.deep.equal({ tag: undefined, digest: true });
    });

    it('matches Argo CD globs and deny entries', () => {
      expect(globMatch('kube-*', 'kube-system')).to.equal(true);
      expect(globMatch('chat?ot', 'chatbot')).to.equal(true);
      expect(globMatch('{chatbot,web}', 'web')).to.equal(true);
      expect(globMatch('https://github.com/acme/repo.git', 'https://github.com/acme/repoXgit')).to.equal(false);
      expect(destinationAllows([{ namespace: '*' }, { namespace: '!argocd' }], 'argocd')).to.equal(false);
      expect(destinationAllows([{ namespace: '*' }, { namespace: '!argocd' }], 'chatbot')).to.equal(true);
      expect(destinationAllows([], 'chatbot')).to.equal(false);
    });
  });
});

describe('gitops policy over gitops/', () => {
  const environments = loadConfig(path.join(REPO_ROOT, 'config')).environments.map((e) => e.name);
  const roots = findRootDirs();

  before(() => requireKubectl());

  it('maps every root kustomization to an environment in config/project.yaml', () => {
    expect(roots, 'no root kustomizations under gitops/').to.not.be.empty;
    const orphans = roots.filter((r) => environmentOf(r, environments) === undefined);
    expect(orphans, `roots outside ${environments.join(', ')}`).to.deep.equal([]);
  });

  for (const env of environments) {
    describe(env, () => {
      // As Argo CD deploys them: with the values the root Application hands down from Terraform
      // (WAF ACL, certificate, Cognito), which the Ingress rules need (test/gitops/deployed-render.ts).
      const objectsOf = (): RenderedObject[] => {
        const deployed = deployedEnvironment(env);
        const applied = new Set(deployed.all.map((o) => o.directory));
        const undeployed = roots.filter((r) => environmentOf(r, environments) === env && !applied.has(r));
        return [...deployed.all, ...undeployed.flatMap((r) => renderDirectory(r))];
      };

      it('renders application pods, Applications and the apps project, so the rules cannot pass vacuously', () => {
        const objects = objectsOf();
        expect(appWorkloads(objects), 'application workloads').to.not.be.empty;
        expect(ofKind(objects, 'Application', 'argoproj.io'), 'Applications').to.have.length.of.at.least(2);
        expect(ofKind(objects, 'AppProject', 'argoproj.io').map((p) => p.object.metadata?.name)).to.include(APPS_PROJECT);
        expect(ofKind(objects, 'Namespace').length, 'Namespaces').to.be.greaterThan(0);
      });

      for (const rule of ALL_GITOPS_RULES) {
        it(`${rule.id}: ${rule.description}`, () => {
          const found = rule.check(objectsOf());
          expect(found, report(found)).to.deep.equal([]);
        });
      }
    });
  }
});
