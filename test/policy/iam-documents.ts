/**
 * Every IAM policy document of a stack, found in the attributes that hold one and parsed. cdktf
 * writes them as JSON strings; Terraform interpolations such as `"${aws_s3_bucket.x.arn}"` sit
 * inside JSON strings, so the documents still parse.
 */
import { blocks, resources, strings } from './terraform-json';
import type { TerraformJson } from '../support/synth';

/** Trust policies say who may assume a role; identity policies what a principal may do; resource policies who may use a resource. */
export type PolicyKind = 'trust' | 'identity' | 'resource';

/** One statement, as written (any field may be a string or a list). */
export type Statement = Record<string, any>;

export interface PolicyDocumentEntry {
  /** Address of the resource holding the document. */
  readonly address: string;
  /** Attribute holding it, e.g. `assume_role_policy`. */
  readonly attribute: string;
  readonly kind: PolicyKind;
  readonly resourceType: string;
  /** Parsed statements; undefined when the attribute is not an inspectable JSON document. */
  readonly statements?: Statement[];
  /** Why the document could not be read. */
  readonly error?: string;
}

/** Where policy documents live: resource type -> attribute -> kind. */
const POLICY_ATTRIBUTES: ReadonlyArray<readonly [string, string, PolicyKind]> = [
  ['aws_iam_role', 'assume_role_policy', 'trust'],
  ['aws_iam_role_policy', 'policy', 'identity'],
  ['aws_iam_policy', 'policy', 'identity'],
  ['aws_iam_user_policy', 'policy', 'identity'],
  ['aws_iam_group_policy', 'policy', 'identity'],
  ['aws_s3_bucket_policy', 'policy', 'resource'],
  ['aws_ecr_repository_policy', 'policy', 'resource'],
  ['aws_ecr_registry_policy', 'policy', 'resource'],
  ['aws_kms_key', 'policy', 'resource'],
  ['aws_sqs_queue_policy', 'policy', 'resource'],
  ['aws_sns_topic_policy', 'policy', 'resource'],
  ['aws_secretsmanager_secret_policy', 'policy', 'resource'],
  ['aws_cloudwatch_log_resource_policy', 'policy_document', 'resource'],
];

function parse(address: string, attribute: string, kind: PolicyKind, resourceType: string, value: unknown): PolicyDocumentEntry {
  const base = { address, attribute, kind, resourceType };
  if (typeof value !== 'string') return { ...base, error: `${attribute} is not a JSON string` };
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    // Typically "${data.aws_iam_policy_document.x.json}" or "${jsonencode(...)}": opaque until apply.
    return { ...base, error: `${attribute} is not literal JSON (${value.slice(0, 80)})` };
  }
  const statement = (doc as { Statement?: unknown } | null)?.Statement;
  if (statement === undefined) return { ...base, error: `${attribute} has no Statement` };
  return { ...base, statements: blocks(statement) };
}

/** Every policy document in the stack (including inline policies of roles). */
export function policyDocuments(json: TerraformJson): PolicyDocumentEntry[] {
  const found: PolicyDocumentEntry[] = [];
  for (const [type, attribute, kind] of POLICY_ATTRIBUTES) {
    for (const r of resources(json, type)) {
      if (r.attrs[attribute] === undefined) continue; // e.g. a KMS key with the default key policy
      found.push(parse(r.address, attribute, kind, type, r.attrs[attribute]));
    }
  }
  for (const role of resources(json, 'aws_iam_role')) {
    for (const inline of blocks(role.attrs.inline_policy)) {
      if (inline.policy !== undefined) found.push(parse(role.address, 'inline_policy', 'identity', 'aws_iam_role', inline.policy));
    }
  }
  return found;
}

export function isAllow(st: Statement): boolean {
  return st.Effect === 'Allow';
}

export function actionsOf(st: Statement): string[] {
  return strings(st.Action);
}

/** `"*"` principals: `Principal: "*"` or `Principal: { AWS: "*" }`. */
export function hasEveryonePrincipal(st: Statement): boolean {
  const p = st.Principal;
  if (p === '*') return true;
  if (typeof p === 'object' && p !== null) return strings((p as Record<string, unknown>).AWS).includes('*');
  return false;
}

/** Values of one principal type (`Federated`, `Service`, `AWS`). */
export function principalsOf(st: Statement, type: 'AWS' | 'Service' | 'Federated'): string[] {
  const p = st.Principal;
  return typeof p === 'object' && p !== null ? strings((p as Record<string, unknown>)[type]) : [];
}

/** Every condition as (operator, key, values). */
export function conditionsOf(st: Statement): Array<{ operator: string; key: string; values: string[] }> {
  const out: Array<{ operator: string; key: string; values: string[] }> = [];
  for (const [operator, entries] of Object.entries((st.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const [key, value] of Object.entries(entries ?? {})) {
      const values = (Array.isArray(value) ? value : [value]).map((v) => String(v));
      out.push({ operator, key, values });
    }
  }
  return out;
}

/** A short label of a statement for messages: its Sid or its position. */
export function statementLabel(st: Statement, index: number): string {
  return typeof st.Sid === 'string' && st.Sid !== '' ? `statement "${st.Sid}"` : `statement #${index + 1}`;
}
