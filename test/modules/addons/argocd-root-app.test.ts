import type { TerraformStack } from 'cdktf';
import { expect } from 'chai';
import { releaseNamed, synthAddons, valuesOf } from './addon-synth';
import { ArgoCd } from '../../../modules/addons/argo-cd';
import { ArgoCdRootApp, type ArgoCdRootAppProps } from '../../../modules/addons/argocd-root-app';
import { AwsLoadBalancerController } from '../../../modules/addons/aws-load-balancer-controller';
import { CertManager } from '../../../modules/addons/cert-manager';
import { ExternalSecrets } from '../../../modules/addons/external-secrets';
import type { InstalledAddons } from '../../../modules/addons/helm-addon';

const ROLE = 'arn:aws:iam::123456789012:role/x';
const GITHUB = { owner: 'acme', repo: 'chatbot-platform', defaultBranch: 'trunk' };
const FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** Everything up to and including Argo CD, in order. */
function installArgoCd(stack: TerraformStack, installed: InstalledAddons, namespace?: string): void {
  new CertManager(stack, 'cert-manager', { installed, highAvailability: false });
  new AwsLoadBalancerController(stack, 'lbc', { installed, clusterName: 'qa-dev', region: 'eu-west-1', vpcId: 'vpc-1', roleArn: ROLE });
  new ExternalSecrets(stack, 'eso', { installed, highAvailability: false, roleArn: ROLE });
  new ArgoCd(stack, 'argo-cd', { installed, highAvailability: false, namespace });
}

function synth(props: Partial<Omit<ArgoCdRootAppProps, 'installed'>> = {}, argoCdNamespace?: string) {
  let rootApp: ArgoCdRootApp | undefined;
  const json = synthAddons((stack, installed) => {
    installArgoCd(stack, installed, argoCdNamespace);
    rootApp = new ArgoCdRootApp(stack, 'root-app', { installed, environment: 'dev', github: GITHUB, ...props });
  });
  const { release } = releaseNamed(json, 'argocd-root-app');
  const values = valuesOf(release);
  const [applicationName] = Object.keys(values.applications);
  const [projectName] = Object.keys(values.projects);
  return {
    json,
    release,
    values,
    rootApp: rootApp!,
    applicationName,
    application: values.applications[applicationName],
    projectName,
    project: values.projects[projectName],
  };
}

describe('modules/addons/argocd-root-app', () => {
  it('is a release of the pinned argocd-apps chart (no Argo CD CRD needed at plan time), beside Argo CD', () => {
    const { json, release } = synth();
    expect(release).to.include({
      repository: 'https://argoproj.github.io/argo-helm',
      chart: 'argocd-apps',
      version: '2.0.5',
      namespace: 'argocd',
      create_namespace: false,
      wait: true,
    });
    expect(release.depends_on).to.deep.equal([releaseNamed(json, 'argo-cd').address]);
    expect(resourceTypes(json).filter((type) => type.startsWith('kubernetes_'))).to.deep.equal([]);
  });

  it('fails synth, naming both add-ons, when Argo CD is not installed', () => {
    expect(() => synthAddons((stack, installed) => new ArgoCdRootApp(stack, 'root-app', { installed, environment: 'dev', github: GITHUB }))).to.throw(
      /ArgoCdRootApp depends on ArgoCd, which is not installed/,
    );
  });

  it('creates exactly one Application, root-<env>, syncing gitops/bootstrap/<env> of the configured repo and branch', () => {
    const { values, application, applicationName, rootApp } = synth();
    expect(Object.keys(values.applications)).to.deep.equal(['root-dev']);
    expect(applicationName).to.equal(rootApp.applicationName);
    expect(application.namespace).to.equal('argocd');
    expect(application.source).to.deep.equal({
      repoURL: 'https://github.com/acme/chatbot-platform.git',
      targetRevision: 'trunk',
      path: 'gitops/bootstrap/dev',
    });
    expect(application.destination).to.deep.equal({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    expect(rootApp).to.include({ repoUrl: 'https://github.com/acme/chatbot-platform.git', targetRevision: 'trunk', path: 'gitops/bootstrap/dev' });
  });

  it('follows the environment name and an explicit path', () => {
    const { application, applicationName } = synth({ environment: 'prod', path: 'deploy/prod' });
    expect(applicationName).to.equal('root-prod');
    expect(application.source.path).to.equal('deploy/prod');
  });

  it('has the resources finalizer, so deleting it cascades through the child apps', () => {
    expect(synth().application.finalizers).to.deep.equal([FINALIZER]);
  });

  it('syncs automatically with prune and self-heal, never creating namespaces, retrying with backoff', () => {
    expect(synth().application.syncPolicy).to.deep.equal({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=false'],
      retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
    });
  });

  it('belongs to the AppProject bootstrap made by the same release, not to default', () => {
    const { application, values, projectName } = synth();
    expect(application.project).to.equal('bootstrap');
    expect(application.project).to.not.equal('default');
    expect(Object.keys(values.projects)).to.deep.equal(['bootstrap']);
    expect(projectName).to.equal(application.project);
  });

  it('refuses the default project', () => {
    expect(() => synth({ projectName: 'default' })).to.throw(/projectName must not be "default"/);
  });

  it('limits the bootstrap project to this repository, the argocd namespace, and Applications/AppProjects only', () => {
    const { project } = synth();
    expect(project.namespace).to.equal('argocd');
    expect(project.sourceRepos).to.deep.equal(['https://github.com/acme/chatbot-platform.git']);
    expect(project.destinations).to.deep.equal([{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }]);
    expect(project.clusterResourceWhitelist).to.deep.equal([]);
    expect(project.namespaceResourceWhitelist).to.deep.equal([
      { group: 'argoproj.io', kind: 'Application' },
      { group: 'argoproj.io', kind: 'AppProject' },
    ]);
    expect(JSON.stringify(project)).to.not.include('*');
  });

  it('keeps the project (finalizer) until no Application uses it', () => {
    expect(synth().project.finalizers).to.deep.equal([FINALIZER]);
  });

  it('syncs gitops/bootstrap/<env> unchanged when it has nothing to hand down', () => {
    const { application, rootApp } = synth();
    expect(application.source.kustomize).to.equal(undefined);
    expect(rootApp.kustomizePatches).to.deep.equal([]);
  });

  it('hands Terraform values to a child Application as its kustomize patches (one root patch per child)', () => {
    const patch = { target: { group: 'networking.k8s.io', kind: 'Ingress' }, patch: '{"metadata":{"name":"any","annotations":{"a":"${var.acl}"}}}' };
    const { application, rootApp } = synth({ childPatches: [{ application: 'chatbot-dev', patches: [patch] }, { application: 'platform-dev', patches: [] }] });
    expect(application.source.kustomize.patches).to.have.length(1);
    const [root] = application.source.kustomize.patches;
    expect(root.target).to.deep.equal({ group: 'argoproj.io', kind: 'Application', name: 'chatbot-dev' });
    expect(JSON.parse(root.patch)).to.deep.equal([{ op: 'add', path: '/spec/source/kustomize', value: { patches: [patch] } }]);
    expect(rootApp.kustomizePatches).to.deep.equal(application.source.kustomize.patches);
  });

  it('refuses a child named twice or a name kustomize would read as a pattern', () => {
    const patches = [{ target: { kind: 'Ingress' }, patch: '{}' }];
    expect(() => synth({ childPatches: [{ application: 'chatbot-dev', patches }, { application: 'chatbot-dev', patches }] })).to.throw(/chatbot-dev is given patches twice/);
    expect(() => synth({ childPatches: [{ application: 'chatbot.*', patches }] })).to.throw(/"chatbot\.\*" is not an Application name/);
  });

  it('lives in whatever namespace Argo CD was installed into', () => {
    const { release, application, project } = synth({}, 'gitops');
    expect(release.namespace).to.equal('gitops');
    expect(application.namespace).to.equal('gitops');
    expect(application.destination.namespace).to.equal('gitops');
    expect(project.destinations).to.deep.equal([{ server: 'https://kubernetes.default.svc', namespace: 'gitops' }]);
  });
});

function resourceTypes(json: { resource?: Record<string, unknown> }): string[] {
  return Object.keys(json.resource ?? {});
}
