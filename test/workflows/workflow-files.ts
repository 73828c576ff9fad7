/**
 * Test support: the generated workflows (.github/workflows/*.yml, written by `npx projen`) parsed
 * with `yaml`, and small accessors the structure tests share.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const WORKFLOWS_DIR = join(__dirname, '..', '..', '.github', 'workflows');

export interface WorkflowStep {
  readonly 'name'?: string;
  readonly 'id'?: string;
  readonly 'if'?: string;
  readonly 'uses'?: string;
  readonly 'run'?: string;
  readonly 'with'?: Record<string, unknown>;
  readonly 'env'?: Record<string, string>;
  readonly 'working-directory'?: string;
  readonly 'continue-on-error'?: boolean;
}

export interface WorkflowJob {
  readonly 'name'?: string;
  readonly 'if'?: string;
  readonly 'needs'?: string | string[];
  readonly 'permissions'?: Record<string, string>;
  readonly 'environment'?: string;
  readonly 'concurrency'?: { 'group': string; 'cancel-in-progress': boolean };
  readonly 'timeout-minutes'?: number;
  readonly 'env'?: Record<string, string>;
  readonly 'strategy'?: { 'matrix'?: Record<string, unknown>; 'fail-fast'?: boolean };
  readonly 'outputs'?: Record<string, string>;
  readonly 'uses'?: string;
  readonly 'steps'?: WorkflowStep[];
}

export interface Workflow {
  readonly file: string;
  readonly text: string;
  readonly name: string;
  readonly on: Record<string, any>;
  readonly permissions?: Record<string, string>;
  readonly concurrency?: { 'group': string; 'cancel-in-progress': boolean };
  readonly jobs: Record<string, WorkflowJob>;
}

export function workflowFileNames(): string[] {
  return readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml')).sort();
}

export function loadWorkflow(file: string): Workflow {
  const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8');
  return { file, text, ...(parse(text) as Omit<Workflow, 'file' | 'text'>) };
}

export function allWorkflows(): Workflow[] {
  return workflowFileNames().map(loadWorkflow);
}

export function stepsOf(job: WorkflowJob): WorkflowStep[] {
  return job.steps ?? [];
}

/** Steps of a job that use an action (`owner/repo@sha`), matched on `owner/repo`. */
export function stepsUsing(job: WorkflowJob, action: string): WorkflowStep[] {
  return stepsOf(job).filter((s) => s.uses?.split('@')[0] === action);
}

/** The one step whose `run` contains `text`; fails when there is not exactly one. */
export function stepRunning(job: WorkflowJob, text: string): WorkflowStep {
  const found = stepsOf(job).filter((s) => s.run?.includes(text));
  if (found.length !== 1) throw new Error(`expected one step running "${text}", found ${found.length}`);
  return found[0];
}

export function needsOf(job: WorkflowJob): string[] {
  if (job.needs === undefined) return [];
  return Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** Jobs that assume an AWS role. */
export function assumesRole(job: WorkflowJob): boolean {
  return stepsUsing(job, 'aws-actions/configure-aws-credentials').length > 0;
}

/** Token scopes a job may write with (id-token is the OIDC token, not a repository write). */
export function writeScopes(job: WorkflowJob): string[] {
  return Object.entries(job.permissions ?? {})
    .filter(([scope, level]) => level === 'write' && scope !== 'id-token')
    .map(([scope]) => scope);
}
