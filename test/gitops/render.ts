/**
 * Renders the gitops/ tree the way ArgoCD does (`kubectl kustomize <dir>`) and hands the tests plain
 * objects that remember where they came from, so every failure can name its directory and file.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments, parseDocument } from 'yaml';

/** The repository root; every path these helpers return is relative to it. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The file names kustomize accepts for a kustomization (it refuses a directory with two). */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The loose shape of a rendered Kubernetes object: tests dig into it and report what is missing. */
export interface KubernetesObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly finalizers?: string[];
  };
  readonly [field: string]: any;
}

/** One object of a rendered kustomization, with its provenance. */
export interface RenderedObject {
  /** The kustomization directory that was rendered, e.g. `gitops/apps/chatbot/overlays/dev`. */
  readonly directory: string;
  /** The file that declared the object (kustomize origin annotation); the directory when unknown. */
  readonly file: string;
  readonly object: KubernetesObject;
}

/** Raised when kubectl is not installed: the message says how to get it. */
export class KubectlMissingError extends Error {
  constructor(cause: string) {
    super(
      `kubectl is needed to render gitops/ (kubectl kustomize), but running it failed: ${cause}\n` +
        'Install kubectl 1.27 or newer (it bundles kustomize 5): https://kubernetes.io/docs/tasks/tools/ ' +
        '(e.g. `brew install kubectl`, or download https://dl.k8s.io/release/v1.32.0/bin/linux/amd64/kubectl onto your PATH).',
    );
    this.name = 'KubectlMissingError';
  }
}

/** `Kind namespace/name` (or `Kind name` when cluster-scoped), for messages. */
export function describeObject(object: KubernetesObject): string {
  const name = object.metadata?.name ?? '<unnamed>';
  const ns = object.metadata?.namespace;
  return `${object.kind ?? '<no kind>'} ${ns ? `${ns}/` : ''}${name}`;
}

/** `file: Kind namespace/name`: how every gitops test names an object. */
export function locate(rendered: RenderedObject): string {
  return `${rendered.file}: ${describeObject(rendered.object)}`;
}

function kustomizationFileIn(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => existsSync(f));
}

/** Whether the kustomization in `dir` is a kustomize Component (`kind: Component`). */
function isComponent(absDir: string): boolean {
  const file = kustomizationFileIn(absDir);
  return file !== undefined && (parse(readFileSync(file, 'utf8')) as { kind?: string } | null)?.kind === 'Component';
}

/** Every directory below `root` holding a kustomization (`components`: kustomize Components instead), sorted. */
function walkKustomizations(root: string, repoRoot: string, components: boolean): string[] {
  const found: string[] = [];
  const walk = (rel: string): void => {
    const abs = path.join(repoRoot, rel);
    if (kustomizationFileIn(abs) && isComponent(abs) === components) found.push(rel);
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path.join(rel, entry.name).split(path.sep).join('/'));
    }
  };
  if (existsSync(path.join(repoRoot, root))) walk(root);
  return found.sort();
}

/**
 * Every directory below `root` (relative to `repoRoot`) that has a kustomization, sorted. kustomize
 * Components are not among them: a Component cannot be built alone, only inside the kustomizations
 * that list it under `components:` (see findComponentDirs).
 */
export function findKustomizationDirs(root = 'gitops', repoRoot = REPO_ROOT): string[] {
  return walkKustomizations(root, repoRoot, false);
}

/** Every kustomize Component below `root` (relative to `repoRoot`), sorted. */
export function findComponentDirs(root = 'gitops', repoRoot = REPO_ROOT): string[] {
  return walkKustomizations(root, repoRoot, true);
}

/** The local directories a kustomization pulls in (`resources:` and `components:` that are folders). */
export function referencedDirs(dir: string, repoRoot = REPO_ROOT): string[] {
  const file = kustomizationFileIn(path.join(repoRoot, dir));
  if (!file) return [];
  const doc = (parse(readFileSync(file, 'utf8')) ?? {}) as { resources?: unknown[]; components?: unknown[] };
  return [...(doc.resources ?? []), ...(doc.components ?? [])]
    .filter((r): r is string => typeof r === 'string' && !/^[a-z]+:\/\//.test(r))
    .map((r) => path.posix.normalize(path.posix.join(dir, r)))
    .filter((r) => kustomizationFileIn(path.join(repoRoot, r)) !== undefined);
}

/**
 * Kustomizations nothing else includes: what ArgoCD Applications (and the root app) point at. Bases
 * are rendered and validated too, but rules about the deployed result (pinned images, namespaces)
 * only make sense on these.
 */
export function findRootDirs(root = 'gitops', repoRoot = REPO_ROOT): string[] {
  const dirs = findKustomizationDirs(root, repoRoot);
  const included = new Set(dirs.flatMap((d) => referencedDirs(d, repoRoot)));
  return dirs.filter((d) => !included.has(d));
}

function kubectlKustomize(absDir: string, directory: string): string {
  try {
    return execFileSync('kubectl', ['kustomize', absDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new KubectlMissingError('kubectl was not found on PATH');
    throw new Error(`kubectl kustomize ${directory} failed:\n${(err.stderr ?? err.message).trim()}`);
  }
}

/** Parse kustomize's multi-document output; a YAML error names the directory. */
export function parseManifests(text: string, directory: string): KubernetesObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${directory}: kustomize output is not valid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS() as KubernetesObject | null;
    return value === null ? [] : [value];
  });
}

const ORIGIN = 'config.kubernetes.io/origin';
const originTrees = new Map<string, string>();

/**
 * A throw-away copy of gitops/ whose kustomizations add kustomize's origin annotations: rendering
 * it tells which file declared each object. The real tree is left alone (and is what gets tested).
 */
function originTreeRoot(repoRoot: string): string {
  const existing = originTrees.get(repoRoot);
  if (existing) return existing;
  const root = mkdtempSync(path.join(tmpdir(), 'gitops-origins-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  cpSync(path.join(repoRoot, 'gitops'), path.join(root, 'gitops'), { recursive: true });
  for (const dir of [...findKustomizationDirs('gitops', repoRoot), ...findComponentDirs('gitops', repoRoot)]) {
    const file = kustomizationFileIn(path.join(root, dir));
    if (!file) continue;
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const list = ((doc.toJS() as { buildMetadata?: string[] } | null)?.buildMetadata ?? []);
    if (!list.includes('originAnnotations')) doc.set('buildMetadata', [...list, 'originAnnotations']);
    writeFileSync(file, doc.toString());
  }
  originTrees.set(repoRoot, root);
  return root;
}

/** The declaring file of each object of `directory` (same order as the real render), or undefined. */
function originsOf(directory: string, objects: readonly KubernetesObject[], repoRoot: string): Array<string | undefined> {
  try {
    const annotated = parseManifests(kubectlKustomize(path.join(originTreeRoot(repoRoot), directory), directory), directory);
    if (annotated.length !== objects.length) return objects.map(() => undefined);
    return annotated.map((a, i) => {
      const origin = a.metadata?.annotations?.[ORIGIN];
      if (a.kind !== objects[i].kind || !origin) return undefined;
      const parsed = (parse(origin) ?? {}) as { path?: string; configuredIn?: string };
      const declared = parsed.path ?? parsed.configuredIn;
      return declared ? path.posix.normalize(path.posix.join(directory, declared)) : undefined;
    });
  } catch {
    // Provenance is a nicety for messages; the real render below is what the tests judge.
    return objects.map(() => undefined);
  }
}

const cache = new Map<string, RenderedObject[]>();

/** Render one kustomization directory (relative to `repoRoot`). Results are cached per process. */
export function renderDirectory(directory: string, repoRoot = REPO_ROOT): RenderedObject[] {
  const key = path.join(repoRoot, directory);
  const cached = cache.get(key);
  if (cached) return cached;
  const objects = parseManifests(kubectlKustomize(key, directory), directory);
  const origins = originsOf(directory, objects, repoRoot);
  const rendered = objects.map((object, i) => ({ directory, file: origins[i] ?? directory, object }));
  cache.set(key, rendered);
  return rendered;
}

/** Fail fast, with install instructions, when kubectl is not there. */
export function requireKubectl(): void {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new KubectlMissingError(err.code === 'ENOENT' ? 'kubectl was not found on PATH' : err.message);
  }
}

/** The environment a rendered root deploys, from its path (`.../overlays/dev`, `bootstrap/prod`). */
export function environmentOf(directory: string, environments: readonly string[]): string | undefined {
  return directory.split('/').reverse().find((segment) => environments.includes(segment));
}
