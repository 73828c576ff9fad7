/**
 * Test support: the OIDC `sub` claims GitHub Actions can present to AWS, under the repository's
 * custom subject template (`repo`, `context`, `job_workflow_ref`; docs/ci-workflows.md), e.g.
 *   repo:acme/app:environment:prod:job_workflow_ref:acme/app/.github/workflows/apply.yml@refs/heads/main
 *
 * Here: the generated workflows, every job with `id-token: write`, under every event it can run
 * for, in every GitHub environment its `environment:` can take (`presentations`). What anyone else
 * can present is in attacker-subjects.ts.
 *
 * The subject is rendered here from GitHub's documented template, not with the contract's
 * oidcSubject(), so that the two are checked against each other rather than assumed equal.
 * Anything the model cannot resolve (an unknown trigger, an environment expression it cannot
 * expand, a role ARN it cannot compute) throws.
 */
import { runScript } from './run-script';
import { stepsOf, stepsUsing, type Workflow, type WorkflowJob } from './workflow-files';

/** Events whose OIDC context and git ref the model knows. */
export const MODELLED_EVENTS = ['pull_request', 'push', 'schedule', 'issue_comment', 'workflow_dispatch'] as const;
export type ModelledEvent = (typeof MODELLED_EVENTS)[number];

/** What the model needs to know about the repository. */
export interface SubjectModel {
  /** `owner/repo`. */
  readonly repository: string;
  readonly defaultBranch: string;
  /** Platform environments (config/): what `matrix.environment` fed by a job's outputs can be. */
  readonly environments: readonly string[];
}

/** One subject a job can present, and what produced it. */
export interface Presentation {
  /** `<file> <job id> (<event>[, environment <env>])`, for messages. */
  readonly where: string;
  readonly workflow: string;
  readonly job: string;
  readonly event: ModelledEvent;
  readonly environment?: string;
  /** `pull_request`, `environment:<env>` or `ref:refs/heads/<branch>`. */
  readonly context: string;
  /** The ref in job_workflow_ref: `refs/heads/<branch>` or `refs/pull/<n>/merge`. */
  readonly gitRef: string;
  readonly subject: string;
  /** The job runs code a pull request controls: a pull_request run, or a checkout of a PR ref. */
  readonly runsPullRequestCode: boolean;
  /** ARNs the job passes as role-to-assume (resolved for its environment). */
  readonly assumes: readonly string[];
  /** The audience the job asks GitHub for. */
  readonly audience: string;
}

/** The ref a pull request's run presents (the number does not matter to the trust model). */
export const PULL_REQUEST_REF = 'refs/pull/7/merge';

/** GitHub's subject under the custom template `["repo", "context", "job_workflow_ref"]`. */
export function renderSubject(repository: string, context: string, workflowFile: string, gitRef: string): string {
  return `repo:${repository}:${context}:job_workflow_ref:${repository}/.github/workflows/${workflowFile}@${gitRef}`;
}

/** The OIDC context a job presents: its environment, else what the event runs on. */
export function contextOf(event: ModelledEvent, environment: string | undefined, branch: string): string {
  if (environment !== undefined) return `environment:${environment}`;
  return event === 'pull_request' ? 'pull_request' : `ref:refs/heads/${branch}`;
}

function triggersOf(workflow: Workflow): string[] {
  const on = workflow.on as unknown;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on as string[];
  return Object.keys(workflow.on);
}

/**
 * The events a job can run for: the workflow's triggers, narrowed by a top-level
 * `github.event_name == '<event>'` conjunct of the job's `if` (only when the `if` has no
 * top-level `||`, where splitting on `&&` would be wrong).
 */
export function eventsOf(workflow: Workflow, job: WorkflowJob): ModelledEvent[] {
  const triggers = triggersOf(workflow);
  const unmodelled = triggers.filter((t) => !(MODELLED_EVENTS as readonly string[]).includes(t));
  if (unmodelled.length > 0) throw new Error(`${workflow.file}: trigger ${unmodelled.join(', ')} is not modelled; teach job-subjects.ts its OIDC context first`);
  const conjuncts = topLevelSplit(job.if ?? '', '&&');
  const narrowed = topLevelSplit(job.if ?? '', '||').length > 1 ? [] : conjuncts.map((c) => /^github\.event_name\s*==\s*'([a-z_]+)'$/.exec(c)?.[1]).filter((e): e is string => e !== undefined);
  return triggers.filter((t) => narrowed.every((e) => e === t)) as ModelledEvent[];
}

/** Split an expression on `operator` outside parentheses and quotes. */
function topLevelSplit(expression: string, operator: '&&' | '||'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === "'") {quoted = !quoted;} else if (!quoted && c === '(') {depth++;} else if (!quoted && c === ')') {depth--;} else if (!quoted && depth === 0 && expression.startsWith(operator, i)) {
      parts.push(expression.slice(start, i).trim());
      start = i + operator.length;
      i += operator.length - 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts.filter((p) => p !== '');
}

const EXPRESSION = /^\$\{\{\s*(.+?)\s*\}\}$/;

/** The GitHub environments a job's `environment:` can take (undefined: none). */
export function environmentsOf(workflow: Workflow, job: WorkflowJob, model: SubjectModel): Array<string | undefined> {
  const raw = job.environment as unknown;
  if (raw === undefined) return [undefined];
  const name = typeof raw === 'string' ? raw : (raw as { name: string }).name;
  const expression = EXPRESSION.exec(name)?.[1];
  if (expression === undefined) {
    if (name.includes('${{')) throw new Error(`${workflow.file}: environment "${name}" mixes text and expressions; not modelled`);
    return [name];
  }
  if (expression === 'matrix.environment') return matrixEnvironments(workflow, job, model);
  if (expression === 'inputs.environment' || expression === 'github.event.inputs.environment') {
    const input = workflow.on.workflow_dispatch?.inputs?.environment;
    if (input?.type !== 'choice' || !Array.isArray(input.options)) {
      throw new Error(`${workflow.file}: environment comes from a workflow_dispatch input that is not a choice; any name could be typed`);
    }
    return input.options as string[];
  }
  throw new Error(`${workflow.file}: environment expression "${expression}" is not modelled`);
}

function matrixEnvironments(workflow: Workflow, job: WorkflowJob, model: SubjectModel): string[] {
  const matrix = job.strategy?.matrix as Record<string, unknown> | undefined;
  if (Array.isArray(matrix?.environment)) return matrix.environment as string[];
  const include = matrix?.include;
  if (Array.isArray(include)) return include.map((i) => (i as { environment: string }).environment);
  // Fed by another job's output (apply.yml: the gate's targets): any configured environment.
  if (typeof include === 'string' && /needs\.[\w-]+\.outputs\./.test(include)) return [...model.environments];
  throw new Error(`${workflow.file}: matrix.environment of this job is not modelled`);
}

const DEFAULT_BRANCH_CHECKOUT = /^\$\{\{\s*github\.event\.repository\.default_branch\s*\}\}$/;

/** A checkout of anything but the run's own commit or the default branch: code a PR controls. */
function checksOutPullRequestRef(job: WorkflowJob, model: SubjectModel): boolean {
  return stepsUsing(job, 'actions/checkout').some((s) => {
    const ref = s.with?.ref as string | undefined;
    return ref !== undefined && ref !== model.defaultBranch && !DEFAULT_BRANCH_CHECKOUT.test(ref);
  });
}

/** The ARNs a job assumes when it runs in `environment`; resolve steps run for real. */
function assumedRoles(workflow: Workflow, job: WorkflowJob, environment: string | undefined): string[] {
  return stepsUsing(job, 'aws-actions/configure-aws-credentials').map((step) => {
    const value = String(step.with?.['role-to-assume'] ?? '');
    const output = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(value);
    if (output === null) {
      if (value.includes('${{')) throw new Error(`${workflow.file}: role-to-assume "${value}" is not modelled`);
      return value;
    }
    const source = stepsOf(job).find((s) => s.id === output[1]);
    if (!source?.run) throw new Error(`${workflow.file}: role-to-assume reads step ${output[1]}, which runs no script`);
    const env = Object.fromEntries(
      Object.entries(source.env ?? {}).map(([key, v]) => {
        if (!v.includes('${{')) return [key, v];
        if (v === job.environment && environment !== undefined) return [key, environment];
        throw new Error(`${workflow.file}: step ${output[1]} env ${key}=${v} is not the job's environment; not modelled`);
      }),
    );
    const run = runScript(source.run, { env });
    if (run.code !== 0 || !run.outputs[output[2]]) throw new Error(`${workflow.file}: step ${output[1]} gave no ${output[2]} for ${environment}: ${run.stdout}${run.stderr}`);
    return run.outputs[output[2]];
  });
}

/** Every subject every job with `id-token: write` in `workflows` can present. */
export function presentations(workflows: readonly Workflow[], model: SubjectModel): Presentation[] {
  const result: Presentation[] = [];
  for (const workflow of workflows) {
    for (const [id, job] of Object.entries(workflow.jobs)) {
      if (job.permissions?.['id-token'] !== 'write') continue;
      const audiences = stepsUsing(job, 'aws-actions/configure-aws-credentials').map((s) => String(s.with?.audience ?? 'sts.amazonaws.com'));
      for (const event of eventsOf(workflow, job)) {
        const branches = event === 'push' && Array.isArray(workflow.on.push?.branches) ? (workflow.on.push.branches as string[]) : [model.defaultBranch];
        for (const environment of environmentsOf(workflow, job, model)) {
          const assumes = assumedRoles(workflow, job, environment);
          for (const branch of branches) {
            if (/[*?[]/.test(branch)) throw new Error(`${workflow.file}: push branch pattern ${branch} is not modelled`);
            const context = contextOf(event, environment, branch);
            const gitRef = event === 'pull_request' ? PULL_REQUEST_REF : `refs/heads/${branch}`;
            result.push({
              where: `${workflow.file} ${id} (${event}${environment ? `, environment ${environment}` : ''})`,
              workflow: workflow.file,
              job: id,
              event,
              environment,
              context,
              gitRef,
              subject: renderSubject(model.repository, context, workflow.file, gitRef),
              runsPullRequestCode: event === 'pull_request' || checksOutPullRequestRef(job, model),
              assumes,
              audience: audiences[0] ?? 'sts.amazonaws.com',
            });
          }
        }
      }
    }
  }
  return result;
}
