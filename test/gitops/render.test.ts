/**
 * Every kustomization under gitops/ renders with `kubectl kustomize`, and every object it renders
 * validates against its kubernetes-models schema (Kubernetes API and the Argo CD, External Secrets and
 * cert-manager CRDs). The harness itself is proved on a small fixture tree first.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { loadModelRegistry, validateObject, type ModelRegistry } from './model-registry';
import {
  findKustomizationDirs,
  findRootDirs,
  KubectlMissingError,
  parseManifests,
  renderDirectory,
  REPO_ROOT,
  requireKubectl,
  type RenderedObject,
} from './render';
import { loadConfig } from '../../stacks/config';

/** A throw-away repository holding `files` (path -> content). */
function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'gitops-fixture-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: chatbot}]}
`;

function rendered(object: Record<string, unknown>, file = 'gitops/x/deployment.yaml'): RenderedObject {
  return { directory: 'gitops/x', file, object };
}

describe('gitops rendering', () => {
  let registry: ModelRegistry;

  before(async () => {
    requireKubectl();
    registry = await loadModelRegistry();
  });

  describe('validateObject', () => {
    const deployment = (replicas: unknown) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'chatbot', namespace: 'chatbot' },
      spec: { replicas, selector: { matchLabels: { app: 'chatbot' } }, template: { spec: { containers: [{ name: 'chatbot', image: 'chatbot:1.0.0' }] } } },
    });

    it('accepts a valid Deployment', () => {
      expect(validateObject(registry, rendered(deployment(3)))).to.equal(undefined);
    });

    it('reports a schema violation with file, kind, name and the schema message', () => {
      const problem = validateObject(registry, rendered(deployment('three'), 'gitops/apps/chatbot/base/deployment.yaml'));
      expect(problem).to.equal('gitops/apps/chatbot/base/deployment.yaml: Deployment chatbot/chatbot: /spec/replicas must be integer');
    });

    it('validates CRDs too: an Application without destination and project is reported', () => {
      const problem = validateObject(registry, rendered({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'chatbot-dev', namespace: 'argocd' }, spec: { source: {} } }));
      expect(problem).to.include('Application argocd/chatbot-dev').and.include('/spec must have required property destination').and.include('required property project');
    });

    it('validates External Secrets v1: a ClusterSecretStore with a bad AWS service is reported', () => {
      const store = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'aws' }, spec: { provider: { aws: { service: 'Vault', region: 'eu-west-1' } } } };
      expect(validateObject(registry, rendered(store))).to.include('ClusterSecretStore aws: /spec/provider/aws/service must be equal to one of the allowed values');
    });

    it('reports an unknown kind instead of skipping it', () => {
      const problem = validateObject(registry, rendered({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }));
      expect(problem).to.include('gitops/x/deployment.yaml: Widget w: unknown kind example.com/v1/Widget');
    });

    it('reports an apiVersion the models do not know (e.g. a removed beta) as unknown', () => {
      const problem = validateObject(registry, rendered({ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb' } }));
      expect(problem).to.include('unknown kind policy/v1beta1/PodDisruptionBudget');
    });

    it('reports an object without apiVersion or kind', () => {
      expect(validateObject(registry, rendered({ metadata: { name: 'x' } }))).to.include('<no kind> x: has no apiVersion or kind');
    });
  });

  describe('the harness, on a fixture tree', () => {
    const repo = writeTree({
      'gitops/app/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'gitops/app/base/deployment.yaml': DEPLOYMENT,
      'gitops/app/overlays/dev/kustomization.yaml':
        'namespace: chatbot\nresources: [../../base]\nimages: [{name: chatbot, newName: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/qa-dev/chatbot, newTag: "1.2.3"}]\n',
      'gitops/broken/kustomization.yaml': 'resources: [missing.yaml]\n',
    });
    after(() => rmSync(repo, { recursive: true, force: true }));

    it('finds every kustomization directory, and the roots nothing includes', () => {
      expect(findKustomizationDirs('gitops', repo)).to.deep.equal(['gitops/app/base', 'gitops/app/overlays/dev', 'gitops/broken']);
      expect(findRootDirs('gitops', repo)).to.deep.equal(['gitops/app/overlays/dev', 'gitops/broken']);
    });

    it('renders an overlay with images: substituted and names the file each object came from', () => {
      const [only, ...rest] = renderDirectory('gitops/app/overlays/dev', repo);
      expect(rest).to.have.length(0);
      expect(only.directory).to.equal('gitops/app/overlays/dev');
      expect(only.file).to.equal('gitops/app/base/deployment.yaml');
      expect(only.object.metadata?.namespace).to.equal('chatbot');
      expect(only.object.metadata?.annotations, 'origin annotations stay out of the real render').to.equal(undefined);
      expect(only.object.spec.template.spec.containers[0].image).to.equal('111122223333.dkr.ecr.eu-west-1.amazonaws.com/qa-dev/chatbot:1.2.3');
    });

    it('fails with the directory and kustomize\'s error when a kustomization does not build', () => {
      expect(() => renderDirectory('gitops/broken', repo)).to.throw(/kubectl kustomize gitops\/broken failed:[\s\S]*missing\.yaml/);
    });

    it('parses multi-document output, skipping empty documents, and names the directory on bad YAML', () => {
      expect(parseManifests('---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\nkind: X\n', 'gitops/d')).to.have.length(2);
      expect(() => parseManifests('a: [unclosed\n', 'gitops/d')).to.throw(/^gitops\/d: kustomize output is not valid YAML/);
    });

    it('explains how to install kubectl when it is missing', () => {
      expect(new KubectlMissingError('kubectl was not found on PATH').message).to.match(/not found on PATH[\s\S]*Install kubectl[\s\S]*kubernetes\.io\/docs\/tasks\/tools/);
    });
  });

  describe('gitops/', () => {
    const dirs = findKustomizationDirs();

    it('has kustomizations for bootstrap, platform and the chatbot app in every environment', () => {
      const roots = findRootDirs();
      for (const env of loadConfig(path.join(REPO_ROOT, 'config')).environments.map((e) => e.name)) {
        expect(roots, `roots: ${roots.join(', ')}`).to.include.members([`gitops/bootstrap/${env}`, `gitops/platform/overlays/${env}`, `gitops/apps/chatbot/overlays/${env}`]);
      }
      expect(dirs).to.include('gitops/apps/chatbot/base');
    });

    for (const dir of dirs) {
      describe(dir, () => {
        it('renders with kubectl kustomize', () => {
          expect(renderDirectory(dir), `${dir} rendered nothing`).to.have.length.greaterThan(0);
        });

        it('renders only objects that validate against their schema', () => {
          const problems = renderDirectory(dir)
            .map((o) => validateObject(registry, o))
            .filter((p): p is string => p !== undefined);
          expect(problems, `\n${problems.join('\n')}\n`).to.deep.equal([]);
        });
      });
    }
  });
});
