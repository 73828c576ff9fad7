/**
 * Helm keeps every release's values and rendered manifest in its release record, which the CI
 * plan role reads (ConfigMap storage, `HELM_STORAGE_DRIVER`). So no release may carry a secret:
 * not through `set_sensitive` or `set_wo` (write-only keeps it out of Terraform state, not out of
 * the release record), and not as a string under a key that looks like one. Charts render Secrets
 * from values (argo-cd's `configs.secret.*`), so clean values mean a clean manifest too.
 */
import { parseAllDocuments } from 'yaml';
import { violation, type PolicyRule, type Violation } from '../policy-rule';
import { blocks, resources, type ResourceEntry } from '../terraform-json';

/** Words that make a key look like it holds a secret. */
const SECRET_WORDS = new Set(['password', 'passwords', 'passwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials']);
/** `key` is a secret only after one of these (`privateKey`, `tls.key`); `topologyKey` or `matchExpressions[].key` are not. */
const KEY_QUALIFIERS = new Set(['private', 'api', 'access', 'secret', 'signing', 'encryption', 'client', 'ssh', 'tls', 'ssl', 'master', 'license']);
/** A leaf named like this points at a secret (a Secret's name, a file) rather than holding one. */
const REFERENCE_LEAF = /^existing|(name|ref|file|path)$/;

/** `argocdServerAdminPassword` -> [argocd, server, admin, password]; `tls.crt` -> [tls, crt]. */
function wordsOf(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Whether a dotted value path (as `set` names it, or as walked in a values document) looks secret. */
export function isSecretLookingPath(path: readonly string[]): boolean {
  const words = path.flatMap(wordsOf);
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return words.some((w, i) => (w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!));
}

function isReferenceLeaf(path: readonly string[]): boolean {
  const leaf = path[path.length - 1] ?? '';
  return REFERENCE_LEAF.test(wordsOf(leaf).join(''));
}

/**
 * Kubernetes selectors of a key in a Secret or ConfigMap (`env[].valueFrom.secretKeyRef`): their
 * `name` and `key` say where a value is, and the value itself stays in the cluster.
 */
const KEY_SELECTORS = new Set(['secretKeyRef', 'configMapKeyRef']);

/**
 * Every non-empty string leaf of a values document whose path looks secret, and every container
 * environment variable (`{name, value}`) whose name does (`CF_API_TOKEN: value: ...`).
 */
function secretLookingLeaves(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return value !== '' && isSecretLookingPath(path) && !isReferenceLeaf(path) ? [path.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretLookingLeaves(v, [...path, String(i)]));
  if (typeof value === 'object' && value !== null) {
    if (KEY_SELECTORS.has(path[path.length - 1] ?? '')) return [];
    const entry = value as { name?: unknown; value?: unknown };
    const namedSecret = typeof entry.name === 'string' && typeof entry.value === 'string' && entry.value !== '' && isSecretLookingPath([entry.name]);
    const found = Object.entries(value).flatMap(([k, v]) => secretLookingLeaves(v, [...path, k]));
    return namedSecret ? [`${[...path, 'value'].join('.')} (${entry.name})`, ...found] : found;
  }
  return [];
}

/** What is wrong with one values document (a string: YAML or JSON, Terraform references inside strings). */
function valuesProblems(document: unknown, index: number): string[] {
  if (typeof document !== 'string' || /^\s*\$\{[^}]*\}\s*$/.test(document)) {
    return [`values[${index}] is not a literal document (${JSON.stringify(String(document)).slice(0, 60)}), so nothing proves it holds no secret`];
  }
  const parsed = parseAllDocuments(document);
  const broken = parsed.find((d) => d.errors.length > 0);
  if (broken) return [`values[${index}] does not parse (${broken.errors[0]!.message.split('\n')[0]}), so nothing proves it holds no secret`];
  return parsed.flatMap((d) => secretLookingLeaves(d.toJS())).map((p) => `values[${index}] sets ${p}, which looks like a secret`);
}

function releaseProblems(release: ResourceEntry): string[] {
  const problems: string[] = [];
  for (const attr of ['set_sensitive', 'set_wo']) {
    const names = blocks(release.attrs[attr]).map((s) => s.name);
    if (names.length > 0) problems.push(`has ${attr} (${names.join(', ')}): Helm stores the value in the release record the plan role reads`);
  }
  for (const attr of ['set', 'set_list']) {
    for (const s of blocks(release.attrs[attr])) {
      const name = String(s.name ?? '');
      const path = name.split(/(?<!\\)\./);
      const filled = Array.isArray(s.value) ? s.value.length > 0 : s.value !== undefined && s.value !== '';
      if (filled && isSecretLookingPath(path) && !isReferenceLeaf(path)) problems.push(`${attr} ${name} looks like a secret`);
    }
  }
  const values = release.attrs.values;
  (Array.isArray(values) ? values : values === undefined ? [] : [values]).forEach((d, i) => problems.push(...valuesProblems(d, i)));
  return problems;
}

export const releaseWithoutSensitiveValues: PolicyRule = {
  id: 'helm-release-no-sensitive-values',
  description:
    'Helm releases carry no secret (their release record is readable by the CI plan role): no set_sensitive or set_wo, no non-empty string under a password/secret/token/credential/private-key-like value key',
  check: (stack) =>
    resources(stack.json, 'helm_release').flatMap((release): Violation[] =>
      releaseProblems(release).map((p) => violation(releaseWithoutSensitiveValues.id, release.address, p)),
    ),
};
