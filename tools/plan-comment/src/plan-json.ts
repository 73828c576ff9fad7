/**
 * Types for the document `terraform show -json <planfile>` prints (plan representation, format_version 1.x).
 * Written from Terraform's own marshalling code (internal/command/jsonplan/plan.go, resource.go) and
 * https://developer.hashicorp.com/terraform/internals/json-format. Only the parts the comment renders
 * are typed in detail; everything else is `unknown`, and unknown properties are ignored as the format
 * asks ("ignore any object properties with unrecognized names").
 */

/** Any JSON value: the attribute values of a resource or an output. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A value mirroring the shape of an attribute value, used by `after_unknown`, `before_sensitive` and
 * `after_sensitive`: `true` marks the whole value (at this point of the tree), `false` or an omitted
 * key marks nothing, objects and arrays mark their members.
 */
export type ValueMarks = boolean | readonly ValueMarks[] | { readonly [key: string]: ValueMarks };

/**
 * One entry of `change.actions` (plan.go `actionString`). The combinations Terraform emits are
 * `["no-op"]`, `["create"]`, `["read"]`, `["update"]`, `["delete","create"]` (destroy, then create),
 * `["create","delete"]` (create_before_destroy), `["delete"]`, `["forget"]` and `["create","forget"]`.
 */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

/**
 * Why Terraform chose the action (display hint only; new values may appear, so unknown strings are
 * shown verbatim rather than rejected).
 */
export type ActionReason =
  | 'replace_because_cannot_update'
  | 'replace_because_tainted'
  | 'replace_by_request'
  | 'replace_by_triggers'
  | 'delete_because_no_resource_config'
  | 'delete_because_wrong_repetition'
  | 'delete_because_count_index'
  | 'delete_because_each_key'
  | 'delete_because_no_module'
  | 'delete_because_no_move_target'
  | 'read_because_config_unknown'
  | 'read_because_dependency_pending'
  | 'read_because_check_nested';

/** One step of a path into a value: an attribute or map key (string) or a list index (number). */
export type PathStep = string | number;

/** Import metadata (Terraform >= 1.5 `import` blocks); "strictly optional" content per Terraform. */
export interface PlanImporting {
  /** The id the resource is imported by. */
  readonly id?: string;
  /** True when the id was unknown at plan time (deferred changes only). */
  readonly unknown?: boolean;
  /** Resource identity used instead of an id (Terraform >= 1.12). */
  readonly identity?: JsonValue;
}

/** The change representation: what happens to one object (resource instance or output). */
export interface PlanChange {
  readonly actions: readonly string[];
  /** Value before the action; null for create. */
  readonly before?: JsonValue;
  /** Known part of the value after the action; null for delete. Unknown leaves are omitted or null. */
  readonly after?: JsonValue;
  /** `true` where a value is only known after apply (nested like `after`). */
  readonly after_unknown?: ValueMarks;
  /** `true` where a value in `before` is sensitive (nested like `before`). */
  readonly before_sensitive?: ValueMarks;
  /** `true` where a value in `after` is sensitive (nested like `after`). */
  readonly after_sensitive?: ValueMarks;
  /** Paths whose change forces the replacement, e.g. `[["ami"], ["ingress", 0, "cidr_blocks"]]`. */
  readonly replace_paths?: readonly (readonly PathStep[])[];
  /** Present when this change also imports an existing object. */
  readonly importing?: PlanImporting;
  /** HCL generated for an import (`-generate-config-out`). Never rendered: it may hold secrets in clear. */
  readonly generated_config?: string;
  readonly before_identity?: JsonValue;
  readonly after_identity?: JsonValue;
}

/** One entry of `resource_changes` or `resource_drift`. */
export interface PlanResourceChange {
  /** Absolute address, e.g. `module.vpc.aws_subnet.private["eu-west-1a"]`. */
  readonly address: string;
  /** Address at the end of the previous run, when a `moved` block changed it. */
  readonly previous_address?: string;
  /** Module part of the address; omitted in the root module. */
  readonly module_address?: string;
  readonly mode: 'managed' | 'data' | string;
  readonly type: string;
  readonly name: string;
  /** `count` index (number) or `for_each` key (string); omitted for single instances. */
  readonly index?: string | number;
  readonly index_unknown?: boolean;
  /** e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly provider_name?: string;
  /** Set when the change applies to a deposed object (left behind by a failed create_before_destroy). */
  readonly deposed?: string;
  readonly change: PlanChange;
  readonly action_reason?: ActionReason | string;
}

/** `deferred_changes` entry (Terraform >= 1.9 with deferral enabled). */
export interface PlanDeferredChange {
  readonly reason: string;
  readonly resource_change: PlanResourceChange;
}

/** The part of the configuration representation the renderer reads. */
export interface PlanConfiguration {
  readonly root_module?: {
    /** Root variable declarations; `sensitive: true` marks a variable whose value must never show. */
    readonly variables?: Readonly<Record<string, { readonly sensitive?: boolean }>>;
  };
}

/** The top-level plan representation. */
export interface TerraformPlan {
  /** "1.0", "1.1", "1.2", ...: only major version 1 is understood. */
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly variables?: Readonly<Record<string, { readonly value?: JsonValue }>>;
  readonly planned_values?: unknown;
  /** Changes Terraform detected between the saved state and the real infrastructure. */
  readonly resource_drift?: readonly PlanResourceChange[];
  /** Every resource instance in the configuration or state, including `no-op` ones. */
  readonly resource_changes?: readonly PlanResourceChange[];
  readonly deferred_changes?: readonly PlanDeferredChange[];
  /** Root module outputs by name. Sensitivity is a whole-output boolean here. */
  readonly output_changes?: Readonly<Record<string, PlanChange>>;
  readonly prior_state?: unknown;
  /** The configuration; only the root module's variable declarations (their `sensitive` flag) are read. */
  readonly configuration?: PlanConfiguration;
  readonly relevant_attributes?: readonly { readonly resource: string; readonly attribute: readonly PathStep[] }[];
  readonly checks?: unknown;
  /** RFC 3339 time the plan was made. Deliberately not rendered, so output stays deterministic. */
  readonly timestamp?: string;
  readonly applyable?: boolean;
  readonly complete?: boolean;
  /** True when planning failed part-way: the plan is incomplete and cannot be applied. */
  readonly errored?: boolean;
}
