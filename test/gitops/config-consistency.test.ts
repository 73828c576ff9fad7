/**
 * Values written into gitops/ by hand must agree with what the stacks build from config/*.yaml:
 * repository and branch, ECR repository, region, SSM parameter names, metric namespace, log groups,
 * service accounts, collector Service and load balancer group. Each side is read from its source
 * (loadConfig, naming helpers, the synthesized platform stack, the add-ons stack's typed fields),
 * never copied into this test.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { expect } from 'chai';
import { parse } from 'yaml';
import { ofKind } from './gitops-rule';
import { environmentOf, findRootDirs, locate, renderDirectory, REPO_ROOT, requireKubectl, type RenderedObject } from './render';
import { metricNamespace, parameterPathPrefix, environmentResourceName } from '../../modules/shared/naming';
import { SERVICE_ACCOUNTS } from '../../modules/shared/service-accounts';
import { buildPlatformApp, type PlatformApp } from '../../stacks/app';
import { loadConfig } from '../../stacks/config';
import { resourcesOf, synthStack, type TerraformJson } from '../support/synth';

const project = loadConfig(path.join(REPO_ROOT, 'config'));
const envNames = project.environments.map((e) => e.name);
const roots = findRootDirs();
const rootsOf = (env: string) => roots.filter((r) => environmentOf(r, envNames) === env);

/** The one object of `kind` named `name` (and in `namespace`, when given); fails naming what is missing. */
function the(objects: readonly RenderedObject[], kind: string, name: string, namespace?: string): RenderedObject {
  const found = ofKind(objects, kind).filter(
    (o) => o.object.metadata?.name === name && (namespace === undefined || o.object.metadata?.namespace === namespace),
  );
  expect(found, `${kind} ${namespace ? `${namespace}/` : ''}${name} rendered ${found.length} times`).to.have.length(1);
  return found[0];
}

/** Values of one attribute across every resource of a type in a synthesized stack. */
function attributeValues(json: TerraformJson, type: string, attribute: string): string[] {
  return Object.values(resourcesOf(json, type)).map((r) => r[attribute]);
}

describe('gitops agrees with config/ and the stacks', () => {
  let app: PlatformApp;
  const platformJson = new Map<string, TerraformJson>();

  before(() => {
    requireKubectl();
    app = buildPlatformApp(project, Testing.app());
    for (const platform of app.platforms) platformJson.set(platform.environment.name, synthStack(platform));
  });

  for (const env of project.environments) {
    describe(env.name, () => {
      const name = environmentResourceName(env.namePrefix, env.name);
      const repoUrl = `https://github.com/${env.github.owner}/${env.github.repo}.git`;
      const objects = (): RenderedObject[] => rootsOf(env.name).flatMap((r) => renderDirectory(r));
      const json = (): TerraformJson => platformJson.get(env.name)!;
      const addons = () => app.addons[envNames.indexOf(env.name)];

      it('Applications pull from the configured repository and default branch, from roots of this environment', () => {
        const apps = ofKind(objects(), 'Application', 'argoproj.io');
        expect(apps).to.not.be.empty;
        for (const a of apps) {
          const source = a.object.spec?.source ?? {};
          expect(source.repoURL, locate(a)).to.equal(repoUrl);
          expect(source.targetRevision, locate(a)).to.equal(env.github.defaultBranch);
          expect(rootsOf(env.name), `${locate(a)}: source.path`).to.include(source.path);
        }
      });

      it('AppProjects allow exactly the configured repository', () => {
        for (const p of ofKind(objects(), 'AppProject', 'argoproj.io')) expect(p.object.spec?.sourceRepos, locate(p)).to.deep.equal([repoUrl]);
      });

      it('the root app of the add-ons stack points at a bootstrap root of this environment in the same repository', () => {
        const root = addons().rootApp;
        expect(root.repoUrl).to.equal(repoUrl);
        expect(root.targetRevision).to.equal(env.github.defaultBranch);
        expect(rootsOf(env.name)).to.include(root.path);
      });

      it("runs the chatbot image from the platform stack's ECR repository, pinned by the overlay's images: field", () => {
        expect(attributeValues(json(), 'aws_ecr_repository', 'name')).to.include(`${name}/chatbot`);
        const expected = `${env.accountId}.dkr.ecr.${env.region}.amazonaws.com/${name}/chatbot`;
        const deployment = the(objects(), 'Deployment', 'chatbot', SERVICE_ACCOUNTS.chatbot.namespace);
        const containers: any[] = deployment.object.spec.template.spec.containers;
        const image: string = containers.find((c) => c.name === 'chatbot')?.image;
        expect(image, locate(deployment)).to.match(new RegExp(`^${expected.replace(/[.]/g, '\\.')}:[\\w][\\w.-]{0,127}$`));
        // CI bumps newTag in this exact field, so the overlay must set it there (not in a patch).
        const overlay = `gitops/apps/chatbot/overlays/${env.name}`;
        const kustomization = parse(readFileSync(path.join(REPO_ROOT, overlay, 'kustomization.yaml'), 'utf8'));
        const entry = (kustomization.images ?? []).find((i: any) => i.name === 'chatbot');
        expect(entry, `${overlay}/kustomization.yaml images: chatbot`).to.include({ newName: expected });
        expect(entry.newTag, `${overlay}/kustomization.yaml newTag`).to.be.a('string').and.not.equal('latest');
      });

      it('the ClusterSecretStore reads Parameter Store in the environment region as the External Secrets service account', () => {
        const stores = ofKind(objects(), 'ClusterSecretStore', 'external-secrets.io');
        expect(stores).to.have.length(1);
        const aws = stores[0].object.spec?.provider?.aws ?? {};
        expect(aws.service, locate(stores[0])).to.equal('ParameterStore');
        expect(aws.region, locate(stores[0])).to.equal(env.region);
        expect(aws.auth?.jwt?.serviceAccountRef, locate(stores[0])).to.deep.equal(SERVICE_ACCOUNTS.externalSecrets);
      });

      it('ExternalSecrets read, by name, only parameters the platform stack creates under the environment path', () => {
        const parameters = attributeValues(json(), 'aws_ssm_parameter', 'name');
        const stores = ofKind(objects(), 'ClusterSecretStore').map((s) => s.object.metadata?.name);
        const secrets = ofKind(objects(), 'ExternalSecret', 'external-secrets.io');
        expect(secrets).to.not.be.empty;
        for (const s of secrets) {
          const spec = s.object.spec ?? {};
          expect(spec.secretStoreRef, locate(s)).to.deep.include({ kind: 'ClusterSecretStore' });
          expect(stores, `${locate(s)}: secretStoreRef.name`).to.include(spec.secretStoreRef?.name);
          // find: lists parameters (ssm:DescribeParameters), which the External Secrets role cannot do.
          expect((spec.dataFrom ?? []).filter((d: any) => d.find), `${locate(s)}: dataFrom.find`).to.deep.equal([]);
          const keys: string[] = [...(spec.data ?? []).map((d: any) => d.remoteRef?.key), ...(spec.dataFrom ?? []).map((d: any) => d.extract?.key)];
          expect(keys, locate(s)).to.not.be.empty;
          for (const key of keys) {
            expect(key, locate(s)).to.match(new RegExp(`^${parameterPathPrefix(env.namePrefix, env.name)}/`));
            expect(parameters, `${locate(s)}: ${key} is not a parameter of the platform stack`).to.include(key);
          }
        }
      });

      it('the collector configuration exports to the metric namespace, region and log groups of the platform stack', () => {
        const logGroups = attributeValues(json(), 'aws_cloudwatch_log_group', 'name');
        const configMap = the(objects(), 'ConfigMap', addons().otelCollector.configMapName, SERVICE_ACCOUNTS.adotCollector.namespace);
        const config = parse(configMap.object.data?.relay ?? '') ?? {};
        const where = `${locate(configMap)} relay`;
        const exporters: Record<string, any> = config.exporters ?? {};
        const exporter = (type: string) => Object.entries(exporters).find(([id]) => id === type || id.startsWith(`${type}/`))?.[1];
        expect(exporter('awsemf')?.namespace, `${where}: awsemf.namespace`).to.equal(metricNamespace(env.namePrefix, env.name));
        for (const type of ['awsemf', 'awscloudwatchlogs']) expect(logGroups, `${where}: ${type}.log_group_name`).to.include(exporter(type)?.log_group_name);
        for (const type of ['awsxray', 'awsemf', 'awscloudwatchlogs']) expect(exporter(type)?.region, `${where}: ${type}.region`).to.equal(env.region);
        expect(Object.keys(config.receivers?.otlp?.protocols ?? {}), `${where}: otlp protocols`).to.have.members(['grpc', 'http']);
        const pipelines = config.service?.pipelines ?? {};
        expect(pipelines.traces?.exporters, `${where}: traces`).to.include('awsxray');
        expect(pipelines.metrics?.exporters, `${where}: metrics`).to.include('awsemf');
        expect(pipelines.logs?.exporters, `${where}: logs`).to.include('awscloudwatchlogs');
        for (const [id, p] of Object.entries<any>(pipelines)) {
          expect(p.processors?.[0], `${where}: ${id} must start with memory_limiter`).to.equal('memory_limiter');
          expect(p.processors, `${where}: ${id} batches`).to.include('batch');
        }
      });

      it('the chatbot sends OTLP to the collector Service the add-ons stack installs', () => {
        const deployment = the(objects(), 'Deployment', 'chatbot', SERVICE_ACCOUNTS.chatbot.namespace);
        const container = deployment.object.spec.template.spec.containers.find((c: any) => c.name === 'chatbot');
        // [where it is set, value]: directly on the container, or in a ConfigMap it loads with envFrom.
        const settings: Array<[string, string]> = (container.env ?? [])
          .filter((e: any) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT')
          .map((e: any) => [locate(deployment), e.value]);
        for (const ref of (container.envFrom ?? []).map((f: any) => f.configMapRef?.name).filter(Boolean)) {
          const configMap = the(objects(), 'ConfigMap', ref, SERVICE_ACCOUNTS.chatbot.namespace);
          const value = configMap.object.data?.OTEL_EXPORTER_OTLP_ENDPOINT;
          if (value !== undefined) settings.push([locate(configMap), value]);
        }
        expect(settings, `${locate(deployment)}: OTEL_EXPORTER_OTLP_ENDPOINT is not set`).to.have.length.greaterThan(0);
        for (const [where, value] of settings) {
          expect(value, `${where}: OTEL_EXPORTER_OTLP_ENDPOINT (the add-ons stack names the Service ${addons().otelCollector.serviceName})`).to.equal(addons().otelCollector.otlpHttpEndpoint);
        }
      });

      it('the chatbot runs as the service account the Pod Identity association names', () => {
        const { namespace, name: account } = SERVICE_ACCOUNTS.chatbot;
        the(objects(), 'ServiceAccount', account, namespace);
        the(objects(), 'Namespace', namespace);
        const deployment = the(objects(), 'Deployment', 'chatbot', namespace);
        expect(deployment.object.spec.template.spec.serviceAccountName, locate(deployment)).to.equal(account);
        const associations = Object.values(resourcesOf(json(), 'aws_eks_pod_identity_association'));
        expect(associations.map((a) => `${a.namespace}/${a.service_account}`)).to.include(`${namespace}/${account}`);
      });

      it('the chatbot loads the Secret its ExternalSecret makes', () => {
        const { namespace } = SERVICE_ACCOUNTS.chatbot;
        const deployment = the(objects(), 'Deployment', 'chatbot', namespace);
        const made = ofKind(objects(), 'ExternalSecret')
          .filter((s) => s.object.metadata?.namespace === namespace)
          .map((s) => s.object.spec?.target?.name ?? s.object.metadata?.name);
        const pod = deployment.object.spec.template.spec;
        const loaded: string[] = (pod.containers ?? []).flatMap((c: any) => [
          ...(c.envFrom ?? []).map((f: any) => f.secretRef?.name),
          ...(c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name),
        ]).filter(Boolean);
        expect(loaded, `${locate(deployment)} loads no Secret`).to.not.be.empty;
        for (const secret of loaded) expect(made, `${locate(deployment)}: Secret ${secret} is made by no ExternalSecret`).to.include(secret);
      });

      it('every Ingress joins the load balancer group of the environment', () => {
        const ingresses = ofKind(objects(), 'Ingress');
        expect(ingresses).to.not.be.empty;
        for (const i of ingresses) expect(i.object.metadata?.annotations?.['alb.ingress.kubernetes.io/group.name'], locate(i)).to.equal(name);
      });
    });
  }
});
