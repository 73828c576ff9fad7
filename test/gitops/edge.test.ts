/**
 * The chatbot's public entry as Argo CD deploys it in each environment of config/: the rendered
 * Ingresses have the listeners, redirect, host, certificate, WAF and sign-in the environment's
 * `edge:` asks for, with the values only Terraform knows handed down by the root Application
 * (test/gitops/deployed-render.ts); external-dns publishes the chat host and nothing else; the
 * chatbot's container gets the sign-in and spend settings its own config loader accepts. The
 * components no environment of config/ uses (OIDC sign-in, Cloudflare) are rendered in variant
 * overlays made here, so every component is built and validated.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { deployedEnvironment, evaluateAfterApply, releaseValues, rootAppPatches, type DeployedEnvironment } from './deployed-render';
import { ofKind } from './gitops-rule';
import { loadModelRegistry, validateObject, type ModelRegistry } from './model-registry';
import { findComponentDirs, findRootDirs, locate, referencedDirs, renderDirectory, REPO_ROOT, requireKubectl, type KubernetesObject, type RenderedObject } from './render';
import { productionAlbIngressEdge } from './rules/ingress-rules';
import { CLOUDFLARE_TOKEN_SECRET } from '../../modules/addons/external-dns';
import { ALB_OAUTH_SCOPES } from '../../modules/edge/chat-user-pool';
import type { EnvironmentConfig } from '../../modules/shared/environment-config';
import { environmentResourceName } from '../../modules/shared/naming';
import { SERVICE_ACCOUNTS } from '../../modules/shared/service-accounts';
import { INJECTED_CHATBOT_VARIABLES, SIGNED_IN_INGRESSES } from '../../stacks/chatbot-edge-patches';
import { loadConfig } from '../../stacks/config';
import { workloadDnsOneZone } from '../policy/rules/dns-records';

const A = 'alb.ingress.kubernetes.io/';
const DNS = 'external-dns.alpha.kubernetes.io/';
const project = loadConfig(path.join(REPO_ROOT, 'config'));

/** The Ingresses the chatbot's Application deploys. */
function chatbotIngresses(deployed: DeployedEnvironment, env: string): RenderedObject[] {
  return ofKind(deployed.children.get(`chatbot-${env}`) ?? [], 'Ingress', 'networking.k8s.io');
}

const annotationsOf = (o: RenderedObject): Record<string, string> => o.object.metadata?.annotations ?? {};
const hostsOfRules = (o: RenderedObject): Array<string | undefined> => (o.object.spec?.rules ?? []).map((r: any) => r.host);

/**
 * The names external-dns (v0.21 ingress source, docs/annotations/annotations.md) publishes from
 * `ingresses` with the add-on's values: Ingresses of its class only; the hostname annotation, plus
 * rule and TLS hosts unless ingress-hostname-source is annotation-only; kept only when they match a
 * domain filter (the name itself or below it).
 */
export function publishedHosts(ingresses: readonly KubernetesObject[], values: any): string[] {
  const ingressClass: string | undefined = values.extraArgs?.['ingress-class'];
  const filters: string[] = values.domainFilters ?? [];
  const hosts = ingresses
    .filter((i) => ingressClass === undefined || i.spec?.ingressClassName === ingressClass)
    .flatMap((i) => {
      const annotations = i.metadata?.annotations ?? {};
      const source = annotations[`${DNS}ingress-hostname-source`];
      const annotated: string = source === 'defined-hosts-only' ? '' : (annotations[`${DNS}hostname`] ?? '');
      const fromAnnotation = annotated.split(',').map((h) => h.trim()).filter(Boolean);
      const fromSpec = source === 'annotation-only' ? [] : [...(i.spec?.rules ?? []).map((r: any) => r.host), ...(i.spec?.tls ?? []).flatMap((t: any) => t.hosts ?? [])].filter(Boolean);
      return [...fromAnnotation, ...fromSpec].map((h: string) => h.toLowerCase());
    })
    .filter((h) => filters.length === 0 || filters.some((f) => h === f || h.endsWith(`.${f}`)));
  return [...new Set(hosts)].sort();
}

/** The chatbot container's environment: its ConfigMap, its SSM Secret (as the platform writes it) and its own env. */
function chatbotContainerEnv(deployed: DeployedEnvironment, env: EnvironmentConfig): Record<string, string> {
  const objects = deployed.children.get(`chatbot-${env.name}`) ?? [];
  const deployment = ofKind(objects, 'Deployment').find((d) => d.object.metadata?.name === 'chatbot');
  const container = deployment?.object.spec.template.spec.containers.find((c: any) => c.name === 'chatbot');
  const result: Record<string, string> = {};
  for (const from of container?.envFrom ?? []) {
    if (from.configMapRef) Object.assign(result, ofKind(objects, 'ConfigMap').find((c) => c.object.metadata?.name === from.configMapRef.name)?.object.data ?? {});
  }
  // chatbot-config (ExternalSecret from SSM): the values the platform stack writes there.
  Object.assign(result, {
    AWS_REGION: env.region,
    BEDROCK_PRIMARY_MODEL_ID: env.bedrock.primaryModelId,
    BEDROCK_FALLBACK_MODEL_ID: env.bedrock.fallbackModelId,
  });
  for (const variable of container?.env ?? []) result[variable.name] = variable.value;
  return result;
}

/** The chatbot's own configuration loader (chatbot/src/config.ts), run in its project, on `env`. */
function chatbotConfig(env: Record<string, string>): { auth?: any; spend?: any; bodyLimitBytes?: number; error?: string } {
  const script = `
    const env = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    import('./src/config.ts').then((m) => {
      const load = m.loadConfig ?? m.default?.loadConfig;
      try { const c = load(env); console.log(JSON.stringify({ auth: c.auth, spend: c.spend, bodyLimitBytes: c.limits.bodyLimitBytes })); }
      catch (e) { console.log(JSON.stringify({ error: e.message })); }
    });`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.join(REPO_ROOT, 'chatbot'), input: JSON.stringify(env), encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** The string and number exports of one chatbot module (relative to chatbot/), loaded in its project. */
function chatbotConstants(file: string): Record<string, unknown> {
  const script = `import(${JSON.stringify(file)}).then((m) => {
      const exports = m.default && typeof m.default === 'object' ? { ...m.default, ...m } : m;
      console.log(JSON.stringify(Object.fromEntries(Object.entries(exports).filter(([, v]) => ['string', 'number'].includes(typeof v)))));
    });`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.join(REPO_ROOT, 'chatbot'), encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('the chatbot\'s public entry, as Argo CD deploys it', () => {
  let registry: ModelRegistry;

  before(async function () {
    this.timeout(120_000);
    requireKubectl();
    registry = await loadModelRegistry();
    for (const env of project.environments) deployedEnvironment(env.name);
  });

  for (const env of project.environments) {
    const edge = env.edge;
    const name = environmentResourceName(env.namePrefix, env.name);
    const deployed = () => deployedEnvironment(env.name);
    const ingresses = () => chatbotIngresses(deployed(), env.name);
    const signIn = edge.domain !== undefined && edge.auth.provider !== 'none';

    describe(`${env.name} (${edge.domain ?? 'no domain'}, dns ${edge.dns.provider}, sign-in ${edge.auth.provider})`, () => {
      it('deploys only objects that validate against their schema, the root app\'s values included', () => {
        const problems = deployed().all.map((o) => validateObject(registry, o)).filter(Boolean);
        expect(problems).to.deep.equal([]);
        expect(ingresses().map((i) => i.object.metadata?.name).sort()).to.deep.equal(signIn ? ['chatbot', 'chatbot-api', 'chatbot-public'] : ['chatbot']);
      });

      it('runs every Ingress on one internet-facing ALB with a fixed name, <prefix>-<env>-chatbot', () => {
        for (const i of ingresses()) {
          const a = annotationsOf(i);
          expect(a[`${A}scheme`], locate(i)).to.equal('internet-facing');
          expect(a[`${A}group.name`], locate(i)).to.equal(name);
          expect(a[`${A}load-balancer-name`], locate(i)).to.equal(`${name}-chatbot`);
          expect(a[`${A}load-balancer-name`].length, 'the controller refuses names over 32 characters').to.be.at.most(32);
        }
      });

      it('has the platform\'s regional WAF web ACL on every Ingress of the ALB', () => {
        const acls = Object.entries(deployed().synthesized.platform.resource?.aws_wafv2_web_acl ?? {}).filter(([, acl]) => acl.scope === 'REGIONAL');
        expect(acls.length).to.equal(edge.waf.enabled ? 1 : 0);
        const expected = acls.length === 1 ? evaluateAfterApply(deployed().synthesized, `\${aws_wafv2_web_acl.${acls[0]![0]}.arn}`) : undefined;
        for (const i of ingresses()) expect(annotationsOf(i)[`${A}wafv2-acl-arn`], locate(i)).to.equal(expected);
      });

      if (edge.domain === undefined) {
        it('stays plain HTTP on the ALB\'s own name: no HTTPS, no host, no sign-in, no DNS record', () => {
          for (const i of ingresses()) {
            const a = annotationsOf(i);
            expect(a[`${A}listen-ports`], locate(i)).to.equal('[{"HTTP": 80}]');
            for (const absent of ['ssl-redirect', 'ssl-policy', 'certificate-arn', 'auth-type', 'auth-idp-cognito', 'auth-idp-oidc']) expect(a[`${A}${absent}`], `${locate(i)} ${absent}`).to.equal(undefined);
            expect(a[`${DNS}hostname`], locate(i)).to.equal(undefined);
            expect(hostsOfRules(i), locate(i)).to.deep.equal([undefined]);
          }
          expect(releaseValues(deployed().synthesized.addons, 'external-dns')).to.equal(undefined);
        });
      } else {
        it('listens on HTTPS:443 with a TLS 1.3/1.2 policy and redirects HTTP:80 to it, on every Ingress', () => {
          for (const i of ingresses()) {
            const a = annotationsOf(i);
            expect(JSON.parse(a[`${A}listen-ports`] ?? '[]'), locate(i)).to.deep.equal([{ HTTP: 80 }, { HTTPS: 443 }]);
            expect(a[`${A}ssl-redirect`], locate(i)).to.equal('443');
            expect(a[`${A}ssl-policy`], locate(i)).to.equal('ELBSecurityPolicy-TLS13-1-2-2021-06');
          }
        });

        it(`routes only ${edge.domain}, with the platform's certificate for it`, () => {
          const platform = deployed().synthesized.platform;
          const certificates = Object.values(platform.resource?.aws_acm_certificate ?? {});
          expect(certificates.map((c) => c.domain_name)).to.deep.equal([edge.domain]);
          const validations = Object.keys(platform.resource?.aws_acm_certificate_validation ?? {});
          const expected = evaluateAfterApply(
            deployed().synthesized,
            validations.length === 1 ? `\${aws_acm_certificate_validation.${validations[0]}.certificate_arn}` : `\${aws_acm_certificate.${Object.keys(platform.resource!.aws_acm_certificate!)[0]}.arn}`,
          );
          for (const i of ingresses()) {
            expect(hostsOfRules(i), locate(i)).to.deep.equal([edge.domain]);
            expect(annotationsOf(i)[`${A}certificate-arn`], locate(i)).to.equal(expected);
          }
        });

        it('passes the production Ingress rule (HTTPS, TLS 1.2+, redirect, certificate, WAF) on what it deploys', () => {
          // The rule looks at production directories only; here it judges every environment with a domain.
          const asProduction = ingresses().map((i) => ({ ...i, directory: 'gitops/apps/chatbot/overlays/prod' }));
          expect(productionAlbIngressEdge.check(asProduction).map((v) => v.message)).to.deep.equal(edge.waf.enabled ? [] : ingresses().map((i) => `${locate(i)}: has no WAF web ACL (wafv2-acl-arn)`));
        });
      }

      if (signIn) {
        it(`signs users in with ${edge.auth.provider} on the chat and the API, and leaves only probes and sign-out public`, () => {
          const byName = new Map(ingresses().map((i) => [i.object.metadata?.name, i]));
          for (const ingressName of SIGNED_IN_INGRESSES) {
            const i = byName.get(ingressName)!;
            const a = annotationsOf(i);
            expect(a[`${A}auth-type`], locate(i)).to.equal(edge.auth.provider);
            expect(a[`${A}auth-on-unauthenticated-request`], locate(i)).to.equal(ingressName === 'chatbot' ? 'authenticate' : 'deny');
            expect(a[`${A}auth-session-cookie`], locate(i)).to.match(/^[A-Za-z0-9_-]+$/);
            expect(Number(a[`${A}auth-session-timeout`]), locate(i)).to.be.within(900, 86400);
            if (edge.auth.provider === 'cognito') {
              // Only scopes the Cognito app client allows (modules/edge/chat-user-pool.ts).
              expect(a[`${A}auth-scope`].split(' '), locate(i)).to.include('openid').and.satisfy((s: string[]) => s.every((x) => (ALB_OAUTH_SCOPES as readonly string[]).includes(x)));
              const idp = JSON.parse(a[`${A}auth-idp-cognito`]!);
              const s = deployed().synthesized;
              const only = (type: string) => Object.keys(s.platform.resource?.[type] ?? {})[0];
              expect(idp, locate(i)).to.deep.equal({
                userPoolARN: evaluateAfterApply(s, `\${aws_cognito_user_pool.${only('aws_cognito_user_pool')}.arn}`),
                userPoolClientID: evaluateAfterApply(s, `\${aws_cognito_user_pool_client.${only('aws_cognito_user_pool_client')}.id}`),
                userPoolDomain: edge.auth.domainPrefix,
              });
            }
          }
          const open = byName.get('chatbot-public')!;
          expect(annotationsOf(open)[`${A}auth-type`]).to.equal('none');
          const paths = open.object.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => `${p.pathType} ${p.path}`));
          expect(paths).to.deep.equal(['Exact /healthz', 'Exact /auth/sign-out']);
          // Evaluated first: public exact paths, then the API, then the catch-all.
          const order = (n: string) => Number(annotationsOf(byName.get(n)!)[`${A}group.order`]);
          expect(order('chatbot-public')).to.be.lessThan(order('chatbot-api'));
          expect(order('chatbot-api')).to.be.lessThan(order('chatbot'));
        });
      }

      it('gives the chatbot the sign-in and spend settings of the environment, which its own config loader accepts', () => {
        const variables = chatbotContainerEnv(deployed(), env);
        const loaded = chatbotConfig(variables);
        expect(loaded.error, JSON.stringify(variables, null, 2)).to.equal(undefined);
        if (signIn) {
          expect(loaded.auth.mode).to.equal('alb');
          const chat = annotationsOf(ingresses().find((i) => i.object.metadata?.name === 'chatbot')!);
          expect(loaded.auth.signer).to.deep.include({ name: chat[`${A}load-balancer-name`], account: env.accountId, region: env.region });
          expect(loaded.auth.sessionCookie).to.equal(chat[`${A}auth-session-cookie`]);
          if (edge.auth.provider === 'cognito') {
            expect(loaded.auth.issuer).to.match(new RegExp(`^https://cognito-idp\\.${env.region}\\.amazonaws\\.com/${env.region}_`));
            expect(loaded.auth.clientId).to.equal(JSON.parse(chat[`${A}auth-idp-cognito`]!).userPoolClientID);
            expect(loaded.auth.logoutUrl).to.equal(`https://${edge.auth.domainPrefix}.auth.${env.region}.amazoncognito.com/logout?client_id=${loaded.auth.clientId}&logout_uri=${encodeURIComponent(`https://${edge.domain}/`)}`);
          }
        } else {
          expect(loaded.auth.mode).to.equal('none');
        }
        if (edge.dailyTokenBudget === undefined) {
          expect(loaded.spend.dailyTokenBudget).to.equal(0);
        } else {
          const tables = Object.values(deployed().synthesized.platform.resource?.aws_dynamodb_table ?? {});
          expect(loaded.spend).to.deep.include({ dailyTokenBudget: edge.dailyTokenBudget, region: env.region });
          const table = tables.find((t) => t.name === loaded.spend.table);
          expect(table, `a table named ${loaded.spend.table}`).to.not.equal(undefined);
          // The item the chatbot writes (src/spend/token-counter.ts) fits the table: its key, and the TTL attribute DynamoDB expires.
          const counter = chatbotConstants('./src/spend/token-counter.ts');
          expect(table!.hash_key, 'the partition key').to.equal(counter.PARTITION_KEY);
          expect(table!.ttl, 'the TTL attribute').to.deep.equal({ attribute_name: counter.TTL_ATTRIBUTE, enabled: true });
          expect(variables[INJECTED_CHATBOT_VARIABLES.tokenTable], 'the table name comes from Terraform, not from Git').to.equal(loaded.spend.table);
        }
      });

      it('lets through the WAF exactly the bodies the chatbot accepts (edge.waf.bodySizeLimitBytes = its BODY_LIMIT_BYTES)', () => {
        const loaded = chatbotConfig(chatbotContainerEnv(deployed(), env));
        expect(loaded.error).to.equal(undefined);
        expect(loaded.bodyLimitBytes, 'a smaller WAF limit refuses answers the chatbot takes; a larger one lets bodies reach pods that answer 413').to.equal(edge.waf.bodySizeLimitBytes);
      });

      it('keeps the values only Terraform knows out of Git: the overlay alone has no ARN or generated id', () => {
        const plain = renderDirectory(`gitops/apps/chatbot/overlays/${env.name}`);
        const text = JSON.stringify(plain.map((o) => o.object));
        expect(text).to.not.match(/arn:aws:(wafv2|acm|cognito-idp):/);
        for (const variable of Object.values(INJECTED_CHATBOT_VARIABLES)) expect(text, variable).to.not.include(`${variable}=`);
        // The root sets spec.source.kustomize of its children (a JSON patch add): Git must leave it unset.
        for (const app of ofKind(renderDirectory(`gitops/bootstrap/${env.name}`), 'Application')) expect(app.object.spec?.source?.kustomize, locate(app)).to.equal(undefined);
        expect(rootAppPatches(deployed().synthesized).length).to.equal(1);
      });

      const dnsManaged = edge.domain !== undefined && edge.dns.provider !== 'none';
      it(dnsManaged ? `lets external-dns publish ${edge.domain} and nothing else, policy ${env.production ? 'upsert-only' : 'sync'}` : 'installs no external-dns (no DNS zone to keep a record in)', () => {
        const raw = releaseValues(deployed().synthesized.addons, 'external-dns');
        // Cross-stack references (cluster name, zone id) as they are after apply.
        const values = raw === undefined ? undefined : JSON.parse(evaluateAfterApply(deployed().synthesized, JSON.stringify(raw)));
        if (!dnsManaged) {
          expect(values).to.equal(undefined);
          return;
        }
        expect(values).to.deep.include({ sources: ['ingress'], txtOwnerId: name, policy: env.production ? 'upsert-only' : 'sync', domainFilters: [edge.domain] });
        const every = deployed().all.filter((o) => o.object.kind === 'Ingress').map((o) => o.object);
        expect(publishedHosts(every, values)).to.deep.equal([edge.domain]);
        const named = ingresses().filter((i) => annotationsOf(i)[`${DNS}hostname`] !== undefined);
        expect(named.map((i) => i.object.metadata?.name)).to.deep.equal(['chatbot']);
        // Proof the emulation can fail: a second Ingress naming another host would be published too
        // (it is inside the zone), and a rules-only host without annotation-only would be.
        const stray: KubernetesObject = { ...every[0]!, metadata: { ...every[0]!.metadata, annotations: { [`${DNS}hostname`]: `www.${edge.domain}` } } };
        expect(publishedHosts([...every, stray], values)).to.include(`www.${edge.domain}`);
      });

      if (edge.dns.provider === 'route53' && edge.domain !== undefined) {
        it('gives external-dns a role the DNS policy rule checks and accepts (and rejects once widened to every zone)', () => {
          const platform = deployed().synthesized.platform;
          const stack = { name: `platform-${env.name}`, json: platform, production: env.production, kind: 'platform' as const };
          const roles = Object.entries(platform.resource?.aws_iam_role ?? {}).filter(([, r]) => r.name === `${name}-external-dns`);
          expect(roles).to.have.length(1);
          expect(String(roles[0]![1].assume_role_policy)).to.include(`system:serviceaccount:${SERVICE_ACCOUNTS.externalDns.namespace}:${SERVICE_ACCOUNTS.externalDns.name}`);
          expect(workloadDnsOneZone.check(stack)).to.deep.equal([]);
          const widened = structuredClone(platform);
          for (const policy of Object.values(widened.resource!.aws_iam_role_policy!)) policy.policy = String(policy.policy).replace(/hostedzone\/[^"]+"/g, 'hostedzone/*"');
          expect(workloadDnsOneZone.check({ ...stack, json: widened }).map((v) => v.resource)).to.deep.equal([`aws_iam_role.${roles[0]![0]}`]);
        });
      }
    });
  }
});

describe('edge components no environment of config/ uses, rendered in variant overlays', () => {
  let repo: string;
  let registry: ModelRegistry;
  const OIDC = 'gitops/apps/chatbot/overlays/variant-oidc';
  const PLATFORM = 'gitops/platform/overlays/variant-edge';

  before(async () => {
    requireKubectl();
    registry = await loadModelRegistry();
    repo = mkdtempSync(path.join(tmpdir(), 'gitops-variants-'));
    cpSync(path.join(REPO_ROOT, 'gitops'), path.join(repo, 'gitops'), { recursive: true });
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      writeFileSync(path.join(repo, file), text);
    };
    // What an overlay of an environment with edge.auth.provider: oidc writes.
    write(`${OIDC}/kustomization.yaml`, `namespace: chatbot
resources: [../../base]
images: [{name: chatbot, newName: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/qa-stage/chatbot, newTag: "1.0.0"}]
components: [../../components/sign-in-oidc, ../../components/https]
patches:
  - target: {kind: Ingress}
    patch: |-
      - {op: add, path: /spec/rules/0/host, value: chat.stage.example.com}
  - target: {kind: Ingress, name: chatbot|chatbot-api}
    patch: |-
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: any
        annotations:
          alb.ingress.kubernetes.io/auth-idp-oidc: '{"issuer":"https://idp.example.com","authorizationEndpoint":"https://idp.example.com/authorize","tokenEndpoint":"https://idp.example.com/token","userInfoEndpoint":"https://idp.example.com/userinfo","secretName":"chatbot-oidc"}'
  - target: {kind: ExternalSecret, name: chatbot-oidc}
    patch: |-
      - {op: replace, path: /spec/target/template/data/clientID, value: chatbot-stage}
      - {op: replace, path: /spec/data/0/remoteRef/key, value: /qa/stage/chatbot/oidc-client-secret}
  - target: {kind: ExternalSecret, name: chatbot-config}
    patch: |-
      - {op: add, path: /spec/data, value: [{secretKey: AWS_REGION, remoteRef: {key: /qa/stage/chatbot/aws-region}}]}
`);
    write(`${PLATFORM}/kustomization.yaml`, `resources: [../../base]
components: [../../components/external-dns-cloudflare, ../../components/alb-oidc-secret-reader]
patches:
  - target: {kind: ExternalSecret, name: external-dns-cloudflare}
    patch: |-
      - {op: replace, path: /spec/data/0/remoteRef/key, value: /qa/stage/edge/cloudflare-api-token}
`);
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('uses every component under gitops/ in an overlay of config/ or in a variant here', () => {
    const variants = [OIDC, PLATFORM];
    const used = new Set<string>();
    const visit = (dir: string, root: string) => {
      for (const ref of referencedDirs(dir, root)) {
        if (!used.has(ref)) {
          used.add(ref);
          visit(ref, root);
        }
      }
    };
    for (const dir of findRootDirs()) visit(dir, REPO_ROOT);
    for (const dir of variants) visit(dir, repo);
    expect(findComponentDirs().filter((c) => !used.has(c))).to.deep.equal([]);
  });

  it('OIDC sign-in: both signed-in Ingresses authenticate with the IdP, whose client secret comes from SSM in the documented Secret format', () => {
    const objects = renderDirectory(OIDC, repo);
    expect(objects.map((o) => validateObject(registry, o)).filter(Boolean)).to.deep.equal([]);
    const ingresses = ofKind(objects, 'Ingress');
    expect(ingresses).to.have.length(3);
    for (const i of ingresses) {
      const a = annotationsOf(i);
      expect(JSON.parse(a[`${A}listen-ports`]!), locate(i)).to.deep.equal([{ HTTP: 80 }, { HTTPS: 443 }]);
      expect(a[`${A}ssl-policy`], locate(i)).to.equal('ELBSecurityPolicy-TLS13-1-2-2021-06');
      if (i.object.metadata?.name === 'chatbot-public') {
        expect(a[`${A}auth-type`]).to.equal('none');
        continue;
      }
      expect(a[`${A}auth-type`], locate(i)).to.equal('oidc');
      expect(JSON.parse(a[`${A}auth-idp-oidc`]!).secretName, locate(i)).to.equal('chatbot-oidc');
    }
    const [secret] = ofKind(objects, 'ExternalSecret').filter((s) => s.object.metadata?.name === 'chatbot-oidc');
    expect(secret!.object.spec.target).to.deep.include({ name: 'chatbot-oidc' });
    expect(Object.keys(secret!.object.spec.target.template.data)).to.have.members(['clientID', 'clientSecret']);
    expect(secret!.object.spec.data).to.deep.equal([{ secretKey: 'clientSecret', remoteRef: { key: '/qa/stage/chatbot/oidc-client-secret' } }]);
  });

  it('Cloudflare and OIDC on the platform side: the token Secret external-dns reads, and read access to exactly one Secret for the controller', () => {
    const objects = renderDirectory(PLATFORM, repo);
    expect(objects.map((o) => validateObject(registry, o)).filter(Boolean)).to.deep.equal([]);
    const token = ofKind(objects, 'ExternalSecret').find((s) => s.object.metadata?.name === 'external-dns-cloudflare')!;
    expect(token.object.metadata?.namespace).to.equal(SERVICE_ACCOUNTS.externalDns.namespace);
    expect(token.object.spec.target.name).to.equal(CLOUDFLARE_TOKEN_SECRET.secretName);
    expect(token.object.spec.data.map((d: any) => d.secretKey)).to.deep.equal([CLOUDFLARE_TOKEN_SECRET.key]);
    const store = ofKind(objects, 'ClusterSecretStore')[0]!;
    expect(store.object.spec.conditions[0].namespaces).to.have.members(['chatbot', 'external-dns']);
    const ns = ofKind(objects, 'Namespace').find((n) => n.object.metadata?.name === 'external-dns')!;
    expect(ns.object.metadata?.labels?.['pod-security.kubernetes.io/enforce']).to.equal('restricted');
    const [role] = ofKind(objects, 'Role');
    expect(role!.object.rules).to.deep.equal([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['chatbot-oidc'], verbs: ['get', 'list', 'watch'] }]);
    const [binding] = ofKind(objects, 'RoleBinding');
    expect(binding!.object.subjects).to.deep.equal([{ kind: 'ServiceAccount', ...SERVICE_ACCOUNTS.loadBalancerController }]);
  });

  it('publishes nothing from the sign-in Ingresses without a hostname annotation, even with rule hosts', () => {
    const ingresses = ofKind(renderDirectory(OIDC, repo), 'Ingress').map((i) => i.object);
    expect(publishedHosts(ingresses, { domainFilters: ['chat.stage.example.com'], extraArgs: { 'ingress-class': 'alb' } })).to.deep.equal([]);
    const withoutSource = ingresses.map((i) => ({ ...i, metadata: { ...i.metadata, annotations: {} } }));
    expect(publishedHosts(withoutSource, { domainFilters: ['chat.stage.example.com'], extraArgs: { 'ingress-class': 'alb' } })).to.deep.equal(['chat.stage.example.com']);
  });

  it('the fixture files are untouched copies (the variants live only in the temporary tree)', () => {
    expect(() => readFileSync(path.join(REPO_ROOT, OIDC, 'kustomization.yaml'))).to.throw(/ENOENT/);
  });
});
