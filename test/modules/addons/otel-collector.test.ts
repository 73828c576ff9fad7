import { expect } from 'chai';
import { releaseNamed, roleArnToken, synthAddons, valuesOf } from './addon-synth';
import { ArgoCd } from '../../../modules/addons/argo-cd';
import { ArgoCdRootApp } from '../../../modules/addons/argocd-root-app';
import { AwsLoadBalancerController } from '../../../modules/addons/aws-load-balancer-controller';
import { CertManager } from '../../../modules/addons/cert-manager';
import { ExternalSecrets } from '../../../modules/addons/external-secrets';
import { OtelCollector } from '../../../modules/addons/otel-collector';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';

const ROLE = 'arn:aws:iam::123456789012:role/x';

function synth(highAvailability: boolean) {
  let collector: OtelCollector | undefined;
  const json = synthAddons((stack, installed) => {
    new CertManager(stack, 'cert-manager', { installed, highAvailability });
    new AwsLoadBalancerController(stack, 'lbc', { installed, clusterName: 'qa-dev', region: 'eu-west-1', vpcId: 'vpc-1', roleArn: ROLE });
    new ExternalSecrets(stack, 'eso', { installed, highAvailability, roleArn: ROLE });
    new ArgoCd(stack, 'argo-cd', { installed, highAvailability });
    new ArgoCdRootApp(stack, 'root-app', { installed, environment: 'dev', github: { owner: 'acme', repo: 'platform', defaultBranch: 'main' } });
    collector = new OtelCollector(stack, 'otel-collector', { installed, highAvailability, roleArn: roleArnToken(stack, 'adot_role_arn') });
  });
  const release = releaseNamed(json, 'otel-collector').release;
  return { json, release, values: valuesOf(release), collector: collector! };
}

describe('modules/addons/otel-collector', () => {
  it('installs the pinned chart into the namespace its service account lives in', () => {
    expect(synth(false).release).to.include({
      repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
      chart: 'opentelemetry-collector',
      version: '0.170.0',
      namespace: SERVICE_ACCOUNTS.adotCollector.namespace,
    });
  });

  it('runs the contrib distribution (it has the AWS exporters) as a gateway Deployment', () => {
    const { values } = synth(false);
    expect(values.mode).to.equal('deployment');
    expect(values.image.repository).to.match(/\/opentelemetry-collector-contrib$/);
    expect(values.command).to.deep.equal({ name: 'otelcol-contrib' });
  });

  it('reads its configuration from the GitOps-managed ConfigMap instead of making one', () => {
    const { values, collector } = synth(false);
    expect(values.configMap).to.deep.equal({ create: false, existingName: 'otel-collector-config' });
    expect(collector.configMapName).to.equal('otel-collector-config');
  });

  it('creates the service account the IRSA role trusts, annotated with that role', () => {
    const { values, collector } = synth(false);
    expect(values.serviceAccount).to.deep.equal({
      create: true,
      name: SERVICE_ACCOUNTS.adotCollector.name,
      annotations: { 'eks.amazonaws.com/role-arn': '${var.adot_role_arn}' },
    });
    expect(collector.serviceAccountName).to.equal(SERVICE_ACCOUNTS.adotCollector.name);
  });

  it('names its Service after the release, which is what apps send OTLP to', () => {
    const { values, collector } = synth(false);
    expect(values.fullnameOverride).to.equal('otel-collector');
    expect(collector.serviceName).to.equal('otel-collector');
    expect(collector.otlpHttpEndpoint).to.equal('http://otel-collector.opentelemetry.svc.cluster.local:4318');
    expect(collector.otlpGrpcEndpoint).to.equal('http://otel-collector.opentelemetry.svc.cluster.local:4317');
  });

  it('opens only the OTLP ports', () => {
    const { ports } = synth(false).values;
    expect(Object.keys(ports).sort()).to.deep.equal(['jaeger-compact', 'jaeger-grpc', 'jaeger-thrift', 'zipkin']);
    for (const port of Object.values(ports)) expect(port).to.deep.equal({ enabled: false });
  });

  it('meets the restricted Pod Security profile its namespace enforces', () => {
    const { values } = synth(false);
    expect(values.podSecurityContext).to.deep.include({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.securityContext).to.deep.equal({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  it('has a memory limit (the chart derives GOMEMLIMIT from it)', () => {
    expect(synth(false).values.resources.limits.memory).to.equal('512Mi');
  });

  it('runs two replicas with a budget in HA and one without otherwise', () => {
    expect(synth(true).values).to.deep.include({ replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
    expect(synth(false).values).to.deep.include({ replicaCount: 1, podDisruptionBudget: { enabled: false } });
  });

  it('is installed after the root app, which delivers its configuration through GitOps', () => {
    const { json, release } = synth(false);
    expect(release.depends_on).to.deep.equal([releaseNamed(json, 'argocd-root-app').address]);
  });

  it('fails without the root app, naming both add-ons', () => {
    expect(() => synthAddons((stack, installed) => new OtelCollector(stack, 'otel', { installed, highAvailability: false, roleArn: ROLE }))).to.throw(
      /OtelCollector depends on ArgoCdRootApp, which is not installed/,
    );
  });
});
