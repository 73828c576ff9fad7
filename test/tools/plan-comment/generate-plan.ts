/**
 * Generates `terraform show -json` plans of any size from a seed: a realistic mix of AWS resource
 * changes (creates, updates, deletes, replacements both ways, imports, moves, reads, no-ops),
 * unknown values, drift and outputs, optionally with secrets planted in every kind of sensitive
 * place. Used by the size and masking property tests and by bench/plan-comment.bench.ts.
 */
import { SeededRandom } from './seeded-random';
import type { JsonValue, PlanChange, PlanResourceChange, TerraformPlan } from '../../../tools/plan-comment/src/plan-json';
import { MIN_SCRUBBED_SECRET_LENGTH } from '../../../tools/plan-comment/src/redactor';
import type { RenderInput, StackPlanInput } from '../../../tools/plan-comment/src/types';

const AWS = 'registry.terraform.io/hashicorp/aws';
type Attributes = { [key: string]: JsonValue };
type KindName = 'create' | 'update' | 'delete' | 'replace-dc' | 'replace-cd' | 'import' | 'move' | 'read' | 'tainted';

/** Weights of the change kinds (per 100). */
const KIND_WEIGHTS: readonly [KindName, number][] = [
  ['create', 34], ['update', 30], ['delete', 10], ['replace-dc', 8], ['replace-cd', 5], ['import', 5], ['move', 4], ['read', 2], ['tainted', 2],
];

const TYPES = ['aws_s3_bucket', 'aws_iam_role', 'aws_security_group_rule', 'aws_ssm_parameter', 'aws_cloudwatch_log_group', 'aws_subnet', 'aws_lambda_function', 'aws_wafv2_ip_set'] as const;

export interface GeneratePlanOptions {
  /** Resource changes other than no-op (moves and imports count as changes here). */
  readonly changes: number;
  readonly seed: number;
  /** Unchanged resources. @default a quarter of `changes` */
  readonly unchanged?: number;
  /** Resources changed outside Terraform. @default one per 50 changes, at least 1 */
  readonly drift?: number;
  /** Values to plant in sensitive places (one place per value, cycling through all kinds of place). */
  readonly secrets?: readonly string[];
  /** Values to plant in plain, non-sensitive attributes (for `extraMasks`). */
  readonly plainTokens?: readonly string[];
}

function tags(random: SeededRandom, index: number): Attributes {
  const result: Attributes = { Environment: 'dev', ManagedBy: 'cdktf', Project: 'ai-chatbot-platform', Component: `component-${index % 17}` };
  if (random.chance(0.3)) result.Owner = random.pick(['Zoë Ångström', 'platform-team', 'データ基盤', 'ml@example.com']);
  return result;
}

function policyDocument(random: SeededRandom, statements: number): string {
  const list = Array.from({ length: statements }, (_, i) => ({ Effect: 'Allow', Action: [`s3:GetObject${i}`, 'kms:Decrypt'], Resource: `arn:aws:s3:::bucket-${random.int(0, 9999)}/*` }));
  return JSON.stringify({ Version: '2012-10-17', Statement: list });
}

function attributesFor(type: (typeof TYPES)[number], index: number, random: SeededRandom): Attributes {
  const name = `ai-chatbot-dev-${type.slice(4).replace(/_/g, '-')}-${index}`;
  const common = { tags: tags(random, index), tags_all: tags(random, index), id: `${type}-${index}`, arn: `arn:aws:service:eu-west-1:123456789012:${name}` };
  switch (type) {
    case 'aws_s3_bucket': return { bucket: name, force_destroy: false, versioning: [{ enabled: true, mfa_delete: false }], ...common };
    case 'aws_iam_role': return { name, max_session_duration: 3600, assume_role_policy: policyDocument(random, random.int(1, random.chance(0.05) ? 40 : 4)), ...common };
    case 'aws_security_group_rule': return { type: 'ingress', from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: [`10.${index % 250}.0.0/16`], security_group_id: 'sg-0aaa1111bbbb2222c', ...common };
    case 'aws_ssm_parameter': return { name: `/ai-chatbot/dev/${name}`, type: 'String', value: `value-${index}`, tier: 'Standard', ...common };
    case 'aws_cloudwatch_log_group': return { name: `/ai-chatbot/dev/${name}`, retention_in_days: 30, kms_key_id: '', ...common };
    case 'aws_subnet': return { cidr_block: `10.20.${index % 256}.0/24`, availability_zone: random.pick(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']), map_public_ip_on_launch: false, vpc_id: 'vpc-0abc1234def567890', ...common };
    case 'aws_lambda_function': return { function_name: name, runtime: 'nodejs20.x', handler: 'index.handler', memory_size: 256, environment: [{ variables: { LOG_LEVEL: 'info', STAGE: 'dev' } }], ...common };
    case 'aws_wafv2_ip_set': {
      // Now and then a very large resource, to exercise truncation of a single item.
      const count = random.chance(0.002) ? 4_000 : random.int(1, 6);
      return { name, scope: 'REGIONAL', ip_address_version: 'IPV4', addresses: Array.from({ length: count }, (_, i) => `198.51.${Math.floor(i / 256) % 256}.${i % 256}/32`), ...common };
    }
  }
}

function pickKind(random: SeededRandom): KindName {
  let roll = random.int(0, 99);
  for (const [kind, weight] of KIND_WEIGHTS) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return 'update';
}

function changed(before: Attributes, random: SeededRandom): Attributes {
  const after: Attributes = { ...before, tags: { ...(before.tags as Attributes), Revision: `r${random.int(1, 999)}` } };
  for (const key of Object.keys(before)) {
    if (typeof before[key] === 'number' && random.chance(0.5)) after[key] = (before[key] as number) + random.int(1, 10);
    if (key === 'name' && random.chance(0.2)) after[key] = `${before[key] as string}-v2`;
  }
  return after;
}

function resourceChange(index: number, kind: KindName | 'no-op', random: SeededRandom): PlanResourceChange {
  const type = random.pick(TYPES);
  const name = `resource_${index}_${type.slice(4, 10)}`;
  const address = random.chance(0.2) ? `module.m${index % 7}.${type}.${name}` : `${type}.${name}`;
  const before = attributesFor(type, index, random);
  const unknownAfter = { id: true, arn: true };
  const base = { address, mode: 'managed', type, name, provider_name: AWS };
  const change = (actions: string[], b: JsonValue, a: JsonValue, extra: Partial<PlanChange> = {}): PlanChange => ({
    actions, before: b, after: a, after_unknown: {}, before_sensitive: b === null ? false : {}, after_sensitive: a === null ? false : {}, ...extra,
  });
  switch (kind) {
    case 'create': {
      const after = { ...before };
      delete after.id;
      delete after.arn;
      return { ...base, change: change(['create'], null, after, { after_unknown: unknownAfter }) };
    }
    case 'update': return { ...base, change: change(['update'], before, changed(before, random)) };
    case 'delete': return { ...base, change: change(['delete'], before, null), action_reason: 'delete_because_no_resource_config' };
    case 'replace-dc':
    case 'replace-cd': {
      const after: Attributes = { ...changed(before, random), name: `${String(before.name ?? type)}-replaced` };
      delete after.id;
      return { ...base, change: change(kind === 'replace-dc' ? ['delete', 'create'] : ['create', 'delete'], before, after, { after_unknown: { id: true }, replace_paths: [['name']] }), action_reason: 'replace_because_cannot_update' };
    }
    case 'tainted': return { ...base, change: change(['delete', 'create'], before, { ...before, id: null }, { after_unknown: { id: true } }), action_reason: 'replace_because_tainted' };
    case 'import': return { ...base, change: change(['no-op'], before, before, { importing: { id: String(before.id) } }) };
    case 'move': return { ...base, previous_address: `${type}.old_${name}`, change: change(['no-op'], before, before) };
    case 'read': return { ...base, address: `data.${address}`, mode: 'data', change: change(['read'], null, { id: null }, { after_unknown: { id: true } }), action_reason: 'read_because_config_unknown' };
    case 'no-op': return { ...base, change: change(['no-op'], before, before) };
  }
}

/** Resources and outputs holding `secret` in one of seven sensitive places, chosen by `slot`. */
interface PlantedPlan {
  readonly changes: PlanResourceChange[];
  readonly drift: PlanResourceChange[];
  readonly outputs: Record<string, PlanChange>;
}

function plantSecret(plan: PlantedPlan, secret: string, slot: number): void {
  const address = `aws_ssm_parameter.planted_${slot}`;
  const base = { address, mode: 'managed', type: 'aws_ssm_parameter', name: `planted_${slot}`, provider_name: AWS };
  const plain = { name: `/planted/${slot}`, type: 'SecureString', tier: 'Standard' };
  switch (slot % 7) {
    case 0: plan.changes.push({ ...base, change: { actions: ['update'], before: { ...plain, value: secret }, after: { ...plain, value: `${secret}-next` }, after_unknown: {}, before_sensitive: { value: true }, after_sensitive: { value: true } } }); break;
    case 1: plan.changes.push({ ...base, type: 'aws_lambda_function', change: { actions: ['create'], before: null, after: { function_name: `f${slot}`, environment: [{ variables: { API_KEY: secret, MODE: 'x' } }] }, after_unknown: {}, before_sensitive: false, after_sensitive: { environment: [{ variables: { API_KEY: true } }] } } }); break;
    case 2: plan.changes.push({ ...base, type: 'aws_elasticache_user', change: { actions: ['create'], before: null, after: { user_id: `u${slot}`, passwords: ['not-secret-filler', secret] }, after_unknown: {}, before_sensitive: false, after_sensitive: { passwords: [false, true] } } }); break;
    case 3: plan.outputs[`planted_output_${slot}`] = { actions: ['update'], before: secret, after: [secret, 'x'], after_unknown: false, before_sensitive: true, after_sensitive: true }; break;
    case 4: plan.drift.push({ ...base, change: { actions: ['update'], before: { ...plain, value: secret }, after: { ...plain, value: 'changed-outside' }, after_unknown: {}, before_sensitive: { value: true }, after_sensitive: { value: true } } }); break;
    case 5: plan.changes.push({ ...base, type: 'aws_db_instance', change: { actions: ['update'], before: { identifier: `db${slot}`, credentials: { user: 'admin', password: 'old-filler' } }, after: { identifier: `db${slot}`, credentials: { user: 'admin', password: secret } }, after_unknown: {}, before_sensitive: { credentials: true }, after_sensitive: { credentials: true } } }); break;
    default: plan.changes.push({ ...base, change: { actions: ['delete'], before: { ...plain, value: { nested: [secret] } as unknown as JsonValue }, after: null, after_unknown: {}, before_sensitive: { value: true }, after_sensitive: false } }); break;
  }
}

export function generatePlan(options: GeneratePlanOptions): TerraformPlan {
  const random = new SeededRandom(options.seed);
  const changes: PlanResourceChange[] = [];
  for (let i = 0; i < options.changes; i++) changes.push(resourceChange(i, pickKind(random), random));
  const unchanged = options.unchanged ?? Math.floor(options.changes / 4);
  for (let i = 0; i < unchanged; i++) changes.push(resourceChange(options.changes + i, 'no-op', random));
  const drift: PlanResourceChange[] = [];
  const driftCount = options.drift ?? Math.max(1, Math.floor(options.changes / 50));
  for (let i = 0; i < driftCount; i++) drift.push(resourceChange(1_000_000 + i, 'update', random));
  const outputs: Record<string, PlanChange> = {
    cluster_endpoint: { actions: ['create'], before: null, after: null, after_unknown: true, before_sensitive: false, after_sensitive: false },
    bucket_name: { actions: ['update'], before: 'old-bucket', after: 'new-bucket', after_unknown: false, before_sensitive: false, after_sensitive: false },
  };
  const planted = { changes, drift, outputs };
  (options.secrets ?? []).forEach((secret, slot) => plantSecret(planted, secret, slot));
  // Copies of secrets and tokens in plain attributes: only the scrubbing can catch these, and it only
  // scrubs secrets of MIN_SCRUBBED_SECRET_LENGTH characters or more.
  const copied = (options.secrets ?? []).filter((secret) => secret.length >= MIN_SCRUBBED_SECRET_LENGTH);
  [...copied, ...(options.plainTokens ?? [])].forEach((value, i) => {
    changes.push({
      address: `aws_s3_bucket.copy_${i}`,
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: `copy_${i}`,
      provider_name: AWS,
      change: { actions: ['update'], before: { description: 'plain' }, after: { description: `copied ${value} here` }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
    });
  });
  return { format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, resource_drift: drift, resource_changes: changes, output_changes: outputs, errored: false };
}

/** A render input with `changes` spread over two stacks, plus a no-change stack and a failed one. */
export function generateRenderInput(options: GeneratePlanOptions & { readonly failedLog?: string }): RenderInput {
  const first = Math.ceil(options.changes * 0.7);
  const stacks: StackPlanInput[] = [
    { stack: 'platform-dev', plan: generatePlan({ ...options, changes: first }), exitCode: 2 },
    { stack: 'addons-dev', plan: generatePlan({ ...options, seed: options.seed + 1, changes: options.changes - first, secrets: [] }), exitCode: 2 },
    { stack: 'bootstrap', plan: generatePlan({ changes: 0, seed: options.seed + 2, unchanged: 3, drift: 0 }), exitCode: 0 },
    { stack: 'addons-prod', exitCode: 1, error: options.failedLog ?? 'Error: Kubernetes cluster unreachable: dial tcp 10.0.0.1:443: i/o timeout' },
  ];
  return { stacks, pullRequest: 7, commitSha: '0123456789abcdef0123456789abcdef01234567', repository: 'acme/ai-chatbot-platform', artifactUrl: 'https://github.com/acme/ai-chatbot-platform/actions/runs/1' };
}
