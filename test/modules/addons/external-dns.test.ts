import { expect } from 'chai';
import { releaseNamed, roleArnToken, synthAddons, valuesOf } from './addon-synth';
import { ArgoCd } from '../../../modules/addons/argo-cd';
import { ArgoCdRootApp } from '../../../modules/addons/argocd-root-app';
import { AwsLoadBalancerController } from '../../../modules/addons/aws-load-balancer-controller';
import { CertManager } from '../../../modules/addons/cert-manager';
import { CLOUDFLARE_TOKEN_SECRET, CloudflareExternalDns, ExternalDns } from '../../../modules/addons/external-dns';
import { ExternalSecrets } from '../../../modules/addons/external-secrets';
import type { InstalledAddons } from '../../../modules/addons/helm-addon';
import { ADDON_RELEASE_NAMESPACES } from '../../../modules/shared/addon-namespaces';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { loadChartFixture, mergeValues, schemaErrors, unknownValuePaths } from '../../support/chart-fixtures';

const COMMON = { host: 'Chat.Example.com', txtOwnerId: 'qa-prod' };
const ZONE = 'Z0123456789ABCDEFGHIJ';
const GITHUB = { owner: 'acme', repo: 'chatbot-platform', defaultBranch: 'main' };

function controllers(stack: Parameters<Parameters<typeof synthAddons>[0]>[0], installed: InstalledAddons) {
  new CertManager(stack, 'cert-manager', { installed, highAvailability: false });
  new AwsLoadBalancerController(stack, 'lbc', { installed, clusterName: 'qa-prod', region: 'eu-west-1', vpcId: 'vpc-1', roleArn: 'arn:aws:iam::111122223333:role/lbc' });
}

function synthRoute53(policy: 'sync' | 'upsert-only' = 'upsert-only') {
  let addon: ExternalDns | undefined;
  const json = synthAddons((stack, installed) => {
    controllers(stack, installed);
    addon = new ExternalDns(stack, 'external-dns', { installed, ...COMMON, policy, roleArn: roleArnToken(stack, 'dns_role_arn'), hostedZoneId: ZONE });
  });
  const release = releaseNamed(json, 'external-dns');
  return { json, release: release.release, address: release.address, values: valuesOf(release.release), addon: addon! };
}

function synthCloudflare() {
  let addon: CloudflareExternalDns | undefined;
  const json = synthAddons((stack, installed) => {
    controllers(stack, installed);
    new ExternalSecrets(stack, 'eso', { installed, roleArn: 'arn:aws:iam::111122223333:role/eso', highAvailability: false });
    new ArgoCd(stack, 'argo-cd', { installed, highAvailability: false });
    new ArgoCdRootApp(stack, 'root', { installed, environment: 'dev', github: GITHUB });
    addon = new CloudflareExternalDns(stack, 'external-dns', { installed, ...COMMON, policy: 'sync', zoneId: '023e105f4ecef8ad9ca31a8372d0c353' });
  });
  const release = releaseNamed(json, 'external-dns');
  return { json, release: release.release, values: valuesOf(release.release), addon: addon! };
}

describe('modules/addons/external-dns', () => {
  const fixture = loadChartFixture('external-dns', '1.21.1');

  describe('the pinned chart and its values fixture', () => {
    it('installs the official chart at the version its values fixture was taken from', () => {
      const { release } = synthRoute53();
      expect(release).to.include({ repository: fixture.source.helmRepository, chart: 'external-dns', version: fixture.source.version, namespace: 'external-dns' });
      expect(fixture.source.tag).to.equal(`external-dns-helm-chart-${fixture.source.version}`);
      expect(fixture.source.commit).to.match(/^[0-9a-f]{40}$/);
      expect(ADDON_RELEASE_NAMESPACES).to.include(release.namespace);
    });

    for (const [variant, synth] of [['Route 53', synthRoute53], ['Cloudflare', synthCloudflare]] as const) {
      it(`sets only keys the chart's values.yaml has (${variant})`, () => {
        expect(unknownValuePaths(synth().values, fixture.defaults)).to.deep.equal([]);
      });

      it(`validates against the chart's values.schema.json, merged over its defaults (${variant})`, () => {
        expect(schemaErrors(fixture, synth().values)).to.deep.equal([]);
      });
    }

    it('the checks can fail: a misspelt key, a wrong type and a policy the chart does not know are reported', () => {
      const { values } = synthRoute53();
      expect(unknownValuePaths({ ...values, txtOwnerID: 'x', serviceAccount: { ...values.serviceAccount, annotation: {} } }, fixture.defaults)).to.deep.equal([
        'serviceAccount.annotation',
        'txtOwnerID',
      ]);
      expect(schemaErrors(fixture, { ...values, policy: 'delete-all' }).join('\n')).to.include('/policy must be equal to one of the allowed values');
      expect(schemaErrors(fixture, { ...values, triggerLoopOnEvent: 'yes' }).join('\n')).to.include('/triggerLoopOnEvent must be boolean');
    });

    it('merges like Helm: maps key by key, lists replaced, null removes a default', () => {
      expect(mergeValues({ a: { b: 1, c: 2 }, l: [1], d: 1 }, { a: { c: 3 }, l: [2], d: null })).to.deep.equal({ a: { b: 1, c: 3 }, l: [2] });
    });
  });

  describe('on Route 53', () => {
    it('publishes only the chat host, from Ingresses of the ALB class, in the configured zone', () => {
      const { values } = synthRoute53();
      expect(values.sources).to.deep.equal(['ingress']);
      expect(values.domainFilters).to.deep.equal(['chat.example.com']);
      expect(values.provider).to.deep.equal({ name: 'aws' });
      // aws-zone-match-parent: the zone (example.com) is a parent of the domain filter.
      expect(values.extraArgs).to.deep.equal({ 'zone-id-filter': ZONE, 'aws-zone-type': 'public', 'aws-zone-match-parent': true, 'ingress-class': 'alb' });
      expect(values.managedRecordTypes).to.deep.equal(['A', 'AAAA', 'CNAME']);
    });

    it('owns its records with a TXT owner id per cluster and syncs on Ingress events', () => {
      const { values } = synthRoute53();
      expect(values).to.include({ registry: 'txt', txtOwnerId: 'qa-prod', triggerLoopOnEvent: true });
      expect(values.txtPrefix, 'the IAM record-name condition assumes the default TXT names').to.equal(undefined);
      expect(values.txtSuffix).to.equal(undefined);
    });

    it('takes the policy it is given (sync in dev, upsert-only in prod: the stack decides)', () => {
      expect(synthRoute53('sync').values.policy).to.equal('sync');
      expect(synthRoute53('upsert-only').values.policy).to.equal('upsert-only');
    });

    it('creates the service account the IRSA role trusts, annotated with that role', () => {
      const { values, addon } = synthRoute53();
      expect(values.serviceAccount).to.deep.equal({
        create: true,
        name: SERVICE_ACCOUNTS.externalDns.name,
        annotations: { 'eks.amazonaws.com/role-arn': '${var.dns_role_arn}' },
      });
      expect(addon.namespace).to.equal(SERVICE_ACCOUNTS.externalDns.namespace);
      expect(values.fullnameOverride).to.equal('external-dns');
      expect(values.env).to.deep.equal([]);
    });

    it('runs non-root with a read-only root filesystem, no privilege escalation and every capability dropped', () => {
      const merged = mergeValues(fixture.defaults, synthRoute53().values) as any;
      expect(merged.podSecurityContext).to.deep.include({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(merged.securityContext).to.deep.include({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } });
      expect(merged.securityContext.runAsUser).to.be.greaterThan(0);
      expect(merged.resources.requests).to.have.keys('cpu', 'memory');
      expect(merged.resources.limits).to.have.keys('memory');
    });

    it('comes after the load balancer controller (whose ALB name it publishes), health-gated', () => {
      const { json, release } = synthRoute53();
      expect(release.depends_on).to.deep.equal([releaseNamed(json, 'aws-load-balancer-controller').address]);
      expect(release).to.include({ wait: true, wait_for_jobs: true, atomic: true });
    });

    it('is an Argo CD dependency when passed as a synced-resource controller, so it outlives the root app on destroy', () => {
      const json = synthAddons((stack, installed) => {
        controllers(stack, installed);
        const dns = new ExternalDns(stack, 'dns', { installed, ...COMMON, policy: 'sync', roleArn: 'arn:aws:iam::111122223333:role/dns', hostedZoneId: ZONE });
        new ExternalSecrets(stack, 'eso', { installed, roleArn: 'arn:aws:iam::111122223333:role/eso', highAvailability: false });
        new ArgoCd(stack, 'argo-cd', { installed, highAvailability: false, syncedResourceControllers: [dns] });
      });
      expect(releaseNamed(json, 'argo-cd').release.depends_on).to.deep.equal([releaseNamed(json, 'external-secrets').address, releaseNamed(json, 'external-dns').address]);
    });

    it('fails without the load balancer controller, naming both add-ons', () => {
      expect(() =>
        synthAddons((stack, installed) => new ExternalDns(stack, 'dns', { installed, ...COMMON, policy: 'sync', roleArn: 'arn:aws:iam::111122223333:role/dns', hostedZoneId: ZONE })),
      ).to.throw(/ExternalDns depends on AwsLoadBalancerController, which is not installed/);
    });
  });

  describe('on Cloudflare', () => {
    it('reads the API token from the Secret the ExternalSecret makes, and holds no AWS identity', () => {
      const { values, addon } = synthCloudflare();
      expect(values.provider).to.deep.equal({ name: 'cloudflare' });
      expect(values.env).to.deep.equal([{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: CLOUDFLARE_TOKEN_SECRET.secretName, key: CLOUDFLARE_TOKEN_SECRET.key } } }]);
      expect(values.serviceAccount.annotations).to.deep.equal({});
      expect(addon.apiToken).to.deep.equal(CLOUDFLARE_TOKEN_SECRET);
    });

    it('looks only at the configured zone and publishes only the chat host', () => {
      const { values } = synthCloudflare();
      expect(values.extraArgs).to.deep.equal({ 'zone-id-filter': '023e105f4ecef8ad9ca31a8372d0c353', 'ingress-class': 'alb' });
      expect(values.domainFilters).to.deep.equal(['chat.example.com']);
      expect(values.sources).to.deep.equal(['ingress']);
    });

    it('keeps the token out of the release record: nothing secret in its values', () => {
      const { release } = synthCloudflare();
      expect(release.values[0]).to.not.match(/token"\s*:\s*"[^"]{20,}/i);
      expect(release.set_sensitive).to.equal(undefined);
    });

    it('comes after the root app, which delivers its token Secret through GitOps', () => {
      const { json, release } = synthCloudflare();
      expect(release.depends_on).to.deep.equal([releaseNamed(json, 'argocd-root-app').address]);
    });
  });
});
