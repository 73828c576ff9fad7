/**
 * What a resource change does, in words: Terraform's `actions` lists mapped to one kind, the
 * summary-table column it counts in, and `action_reason` in plain English.
 */

export type ChangeKind =
  | 'create'
  | 'update'
  | 'delete'
  /** `["delete","create"]`: the old object is destroyed before the new one exists (downtime). */
  | 'replace-destroy-first'
  /** `["create","delete"]`: create_before_destroy, the new object exists before the old one goes. */
  | 'replace-create-first'
  /** `["create","forget"]`: a new object is created and the old one only leaves the state. */
  | 'replace-forget'
  | 'read'
  /** `["forget"]`: removed from the state by a `removed` block; the real object is kept. */
  | 'forget'
  | 'no-op'
  /** An actions list this tool does not know (a newer Terraform): shown and flagged, never hidden. */
  | 'unrecognised';

/** Summary-table column a kind counts in; reads, forgets and unrecognised actions count in none. */
export type CountColumn = 'add' | 'change' | 'destroy' | 'replace' | 'noop';

export interface ChangeKindInfo {
  /** Terraform's plan symbol. */
  readonly symbol: string;
  /** Completes "`address` …". */
  readonly phrase: string;
  /** Heads a list of addresses of this kind. */
  readonly title: string;
  readonly column?: CountColumn;
  /** Listed in the warnings block: it removes or replaces a real object, or may. */
  readonly warn: boolean;
  /** Position in a stack section: destructive first, so they are seen first. */
  readonly rank: number;
}

const KINDS: Readonly<Record<ChangeKind, ChangeKindInfo>> = {
  'replace-destroy-first': { title: 'replaced, destroyed first', symbol: '-/+', phrase: 'will be replaced: destroyed first, then created', column: 'replace', warn: true, rank: 0 },
  'replace-create-first': { title: 'replaced, created first', symbol: '+/-', phrase: 'will be replaced: the new object is created first, then the old one destroyed', column: 'replace', warn: true, rank: 1 },
  'replace-forget': { title: 'replaced, old object forgotten', symbol: '+/.', phrase: 'will be replaced: a new object is created and the old one is removed from the state (not destroyed)', column: 'replace', warn: true, rank: 2 },
  'delete': { title: 'destroyed', symbol: '-', phrase: 'will be destroyed', column: 'destroy', warn: true, rank: 3 },
  'forget': { title: 'removed from the state only', symbol: '.', phrase: 'will be removed from the state (the real object is kept)', warn: true, rank: 4 },
  'unrecognised': { title: 'unrecognised actions', symbol: '?', phrase: 'has actions this tool does not recognise: review the full plan', warn: true, rank: 5 },
  'update': { title: 'updated in place', symbol: '~', phrase: 'will be updated in place', column: 'change', warn: false, rank: 6 },
  'create': { title: 'created', symbol: '+', phrase: 'will be created', column: 'add', warn: false, rank: 7 },
  'read': { title: 'read during apply', symbol: '<=', phrase: 'will be read during apply', warn: false, rank: 8 },
  'no-op': { title: 'moved or imported, otherwise unchanged', symbol: ' ', phrase: 'is unchanged', column: 'noop', warn: false, rank: 9 },
};

/** The kind of an `actions` list (order matters: `["delete","create"]` is not `["create","delete"]`). */
export function changeKind(actions: readonly string[] | undefined): ChangeKind {
  switch ((actions ?? []).join(',')) {
    case 'no-op': return 'no-op';
    case 'create': return 'create';
    case 'read': return 'read';
    case 'update': return 'update';
    case 'delete': return 'delete';
    case 'forget': return 'forget';
    case 'delete,create': return 'replace-destroy-first';
    case 'create,delete': return 'replace-create-first';
    case 'create,forget': return 'replace-forget';
    default: return 'unrecognised';
  }
}

export function kindInfo(kind: ChangeKind): ChangeKindInfo {
  return KINDS[kind];
}

/** True for the three replacement kinds. */
export function isReplacement(kind: ChangeKind): boolean {
  return kind === 'replace-destroy-first' || kind === 'replace-create-first' || kind === 'replace-forget';
}

const REASONS: Readonly<Record<string, string>> = {
  replace_because_cannot_update: 'because it cannot be updated in place',
  replace_because_tainted: 'because it is tainted',
  replace_by_request: 'because replacement was requested (-replace)',
  replace_by_triggers: 'because of replace_triggered_by',
  delete_because_no_resource_config: 'because it is no longer in the configuration',
  delete_because_wrong_repetition: 'because its count/for_each mode changed',
  delete_because_count_index: 'because its count index is now out of range',
  delete_because_each_key: 'because its for_each key is gone',
  delete_because_no_module: 'because its module is no longer in the configuration',
  delete_because_no_move_target: 'because the target of its moved block does not exist',
  read_because_config_unknown: 'because its configuration depends on values known only after apply',
  read_because_dependency_pending: 'because it depends on resources with pending changes',
  read_because_check_nested: 'because it is in a check block',
};

/**
 * `action_reason` in plain words, or undefined when there is none or it is one this tool does not
 * know (Terraform warns that new reasons may appear; the caller shows those by their code).
 */
export function reasonWords(reason: string | undefined): string | undefined {
  if (reason === undefined || !Object.prototype.hasOwnProperty.call(REASONS, reason)) return undefined;
  return REASONS[reason];
}
