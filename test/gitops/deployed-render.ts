/**
 * gitops/ as Argo CD deploys it in one environment, with the values only Terraform knows.
 *
 * The add-ons stack gives the root Application `spec.source.kustomize.patches` (stacks/
 * chatbot-edge-patches.ts); Argo CD appends such patches to the `patches:` of the source's
 * kustomization before it builds it. So: synthesize the stacks from config/*.yaml, take the root
 * app's patches from the add-ons stack, render gitops/bootstrap/<env> with them, and render every
 * child Application's path with the patches the root gave it. Terraform references in those
 * patches (`${data.terraform_remote_state...}`) are followed to the platform stack and replaced
 * by a value of the shape the referenced attribute has after apply (a WAF ACL ARN, a Cognito
 * client id...), so the rendered objects validate and assertions can say which resource a value
 * comes from. A reference this file cannot evaluate is an error, never left in place.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { parseDocument } from 'yaml';
import { parseManifests, renderDirectory, REPO_ROOT, type KubernetesObject, type RenderedObject } from './render';
import type { KustomizePatch } from '../../modules/addons/argocd-root-app/values';
import type { EnvironmentConfig, ProjectConfig } from '../../modules/shared/environment-config';
import { buildPlatformApp } from '../../stacks/app';
import { loadConfig } from '../../stacks/config';
import type { TerraformJson } from '../support/synth';

/** Both stacks of one environment, synthesized together (cross-stack references resolved). */
export interface SynthesizedEnvironment {
  readonly environment: EnvironmentConfig;
  readonly platform: TerraformJson;
  readonly addons: TerraformJson;
}

const synthesized = new Map<string, Map<string, SynthesizedEnvironment>>();

/** Synthesize `project` (default: config/) once per process, as `cdktf synth` does. */
export function synthesizeEnvironments(project: ProjectConfig = loadConfig(path.join(REPO_ROOT, 'config')), key = 'config'): Map<string, SynthesizedEnvironment> {
  const cached = synthesized.get(key);
  if (cached) return cached;
  const outdir = mkdtempSync(path.join(tmpdir(), 'gitops-synth-'));
  try {
    buildPlatformApp(project, new App({ outdir })).app.synth();
    const read = (stack: string): TerraformJson => JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const result = new Map(project.environments.map((environment) => [environment.name, { environment, platform: read(`platform-${environment.name}`), addons: read(`addons-${environment.name}`) }]));
    synthesized.set(key, result);
    return result;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The values of the add-ons stack's release `name`, parsed. */
export function releaseValues(json: TerraformJson, name: string): any {
  const release = Object.values(json.resource?.helm_release ?? {}).find((r) => r.name === name);
  return release === undefined ? undefined : JSON.parse((release.values as string[])[0]!);
}

/** The root Application's kustomize patches, as the add-ons stack of `env` synthesizes them. */
export function rootAppPatches(env: SynthesizedEnvironment): KustomizePatch[] {
  const { applications } = releaseValues(env.addons, 'argocd-root-app');
  return applications[`root-${env.environment.name}`]?.source?.kustomize?.patches ?? [];
}

const UUID = '3f0e2a1b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';

/**
 * The value an attribute of a platform resource has after apply: a literal from the resource's own
 * configuration when it is one (names, domains), else a value of the documented shape.
 */
function attributeAfterApply(env: SynthesizedEnvironment, type: string, id: string, attribute: string): string {
  const { region, accountId } = env.environment;
  const config = env.platform.resource?.[type]?.[id];
  if (config === undefined) throw new Error(`platform-${env.environment.name} has no ${type}.${id}`);
  const literal = config[attribute];
  if (typeof literal === 'string' && !literal.includes('${')) return literal;
  const poolId = `${region}_Fak3Pool${id.length}`;
  const fakes: Record<string, () => string> = {
    'aws_wafv2_web_acl.arn': () => `arn:aws:wafv2:${region}:${accountId}:${String(config.scope).toLowerCase()}/webacl/${config.name}/${UUID}`,
    'aws_acm_certificate.arn': () => `arn:aws:acm:${region}:${accountId}:certificate/${UUID}`,
    'aws_acm_certificate_validation.certificate_arn': () => `arn:aws:acm:${region}:${accountId}:certificate/${UUID}`,
    'aws_cognito_user_pool.id': () => poolId,
    'aws_cognito_user_pool.arn': () => `arn:aws:cognito-idp:${region}:${accountId}:userpool/${poolId}`,
    'aws_cognito_user_pool.endpoint': () => `cognito-idp.${region}.amazonaws.com/${poolId}`,
    'aws_cognito_user_pool_client.id': () => `f4k3c113nt${id.length}0123456789abcdef`.slice(0, 26),
    'aws_dynamodb_table.arn': () => `arn:aws:dynamodb:${region}:${accountId}:table/${config.name}`,
    'aws_iam_role.arn': () => `arn:aws:iam::${accountId}:role/${config.name}`,
  };
  const fake = fakes[`${type}.${attribute}`];
  if (!fake) throw new Error(`cannot tell what ${type}.${id}.${attribute} is after apply: add it to attributeAfterApply (test/gitops/deployed-render.ts)`);
  return fake();
}

/** `text` with every `${...}` reference replaced by its value after apply (recursively through platform outputs). */
export function evaluateAfterApply(env: SynthesizedEnvironment, text: string): string {
  return text.replace(/\$\{([^{}]+)\}/g, (_, expression: string) => {
    const remote = /^data\.terraform_remote_state\.[\w-]+\.outputs\.([\w-]+)$/.exec(expression);
    if (remote) {
      const output = env.platform.output?.[remote[1]!]?.value;
      if (typeof output !== 'string') throw new Error(`platform-${env.environment.name} has no string output ${remote[1]}`);
      return evaluateAfterApply(env, output);
    }
    const reference = /^(aws_[a-z0-9_]+)\.([\w-]+)\.([a-z_]+)$/.exec(expression);
    if (reference) return attributeAfterApply(env, reference[1]!, reference[2]!, reference[3]!);
    const data = /^data\.(aws_[a-z0-9_]+)\.([\w-]+)\.([a-z_]+)$/.exec(expression);
    if (data?.[1] === 'aws_route53_zone' && data[3] === 'zone_id') return 'Z0FAKEZONEID0000000000';
    throw new Error(`cannot evaluate \${${expression}} (test/gitops/deployed-render.ts evaluateAfterApply)`);
  });
}

/** A kustomization directory rendered with `patches` appended, as Argo CD does with `spec.source.kustomize.patches`. */
export function renderWithPatches(directory: string, patches: readonly KustomizePatch[], repoRoot = REPO_ROOT): RenderedObject[] {
  if (patches.length === 0) return renderDirectory(directory, repoRoot);
  const root = mkdtempSync(path.join(tmpdir(), 'gitops-argo-'));
  try {
    cpSync(path.join(repoRoot, 'gitops'), path.join(root, 'gitops'), { recursive: true });
    const file = path.join(root, directory, 'kustomization.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const existing = (doc.toJS() as { patches?: unknown[] } | null)?.patches ?? [];
    doc.set('patches', [...existing, ...patches.map((p) => ({ target: p.target, patch: p.patch }))]);
    writeFileSync(file, doc.toString());
    let text: string;
    try {
      text = execFileSync('kubectl', ['kustomize', path.join(root, directory)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      throw new Error(`kubectl kustomize ${directory} with the root app's patches failed:\n${((e as { stderr?: string }).stderr ?? String(e)).trim()}`);
    }
    // Provenance from the plain render: the same objects, by kind, namespace and name.
    const plain = renderDirectory(directory, repoRoot);
    const id = (o: KubernetesObject) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
    const fileOf = new Map(plain.map((r) => [id(r.object), r.file]));
    return parseManifests(text, directory).map((object) => ({ directory, file: fileOf.get(id(object)) ?? directory, object }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** What one environment deploys: its bootstrap (with the root's patches) and every child Application's path (with theirs). */
export interface DeployedEnvironment {
  readonly synthesized: SynthesizedEnvironment;
  readonly bootstrap: RenderedObject[];
  /** Child Application name -> the objects it deploys. */
  readonly children: ReadonlyMap<string, RenderedObject[]>;
  readonly all: RenderedObject[];
}

const deployed = new Map<string, DeployedEnvironment>();

/** `env` of config/ as Argo CD deploys it (cached per process). */
export function deployedEnvironment(envName: string): DeployedEnvironment {
  const cached = deployed.get(envName);
  if (cached) return cached;
  const env = synthesizeEnvironments().get(envName);
  if (!env) throw new Error(`no environment ${envName} in config/`);
  const rootPatches = rootAppPatches(env).map((p) => ({ ...p, patch: evaluateAfterApply(env, p.patch) }));
  const bootstrap = renderWithPatches(`gitops/bootstrap/${envName}`, rootPatches);
  const children = new Map<string, RenderedObject[]>();
  for (const app of bootstrap.filter((o) => o.object.kind === 'Application')) {
    const source = app.object.spec?.source ?? {};
    children.set(app.object.metadata?.name ?? '', renderWithPatches(String(source.path), source.kustomize?.patches ?? []));
  }
  const result = { synthesized: env, bootstrap, children, all: [...bootstrap, ...[...children.values()].flat()] };
  deployed.set(envName, result);
  return result;
}
