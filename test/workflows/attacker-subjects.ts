/**
 * Test support: OIDC subjects of code the trust model does not vouch for, to evaluate against the
 * CI roles next to the jobs' own (job-subjects.ts):
 * - an attacker with write access (or a fork's pull request), who can add or edit any workflow
 *   file on a branch and run it with any environment name, as a pull request
 *   (`@refs/pull/<n>/merge`), a push or a manual run of that branch (`@refs/heads/<branch>`), or a
 *   tag; and any job at all under GitHub's default subject, before the template is set
 *   (`attackerSubjects`);
 * - the default branch itself, from every workflow file and environment, including those that are
 *   not allowed a role (`defaultBranchProbes`).
 */
import { PULL_REQUEST_REF, renderSubject, type SubjectModel } from './job-subjects';

/** A subject someone other than the reviewed workflows can present. */
export interface Probe {
  readonly where: string;
  readonly subject: string;
  readonly context: string;
  readonly workflow: string;
  readonly gitRef: string;
}

/**
 * Workflow files and environment names an attacker tries: every workflow of the repository, one
 * of their own, every configured environment, `plan`, one that does not exist, and none.
 */
function probeSpace(model: SubjectModel, workflowFiles: readonly string[]) {
  const files = [...new Set([...workflowFiles, 'attacker.yml'])];
  const environments: Array<string | undefined> = [...new Set([...model.environments, 'plan', 'attacker-env']), undefined];
  return { files, environments };
}

/**
 * Subjects of code nobody reviewed: any workflow file, as edited on a branch, run with any
 * environment as a pull request, a push or manual run of a branch (including branches named like
 * the release branches, or like the default branch with a suffix), or a tag push.
 */
export function attackerSubjects(model: SubjectModel, workflowFiles: readonly string[]): Probe[] {
  const { files, environments } = probeSpace(model, workflowFiles);
  const refs = [
    { gitRef: PULL_REQUEST_REF, base: 'pull_request' },
    ...['feature/x', 'release/chatbot-dev-abc1234', `${model.defaultBranch}-x`, `${model.defaultBranch}/x`].map((b) => ({ gitRef: `refs/heads/${b}`, base: `ref:refs/heads/${b}` })),
    { gitRef: 'refs/tags/v1.0.0', base: 'ref:refs/tags/v1.0.0' },
  ];
  const templated = files.flatMap((file) =>
    environments.flatMap((environment) =>
      refs.map(({ gitRef, base }) => {
        const context = environment === undefined ? base : `environment:${environment}`;
        return { where: `attacker: ${file}@${gitRef}${environment ? ` in environment ${environment}` : ''}`, subject: renderSubject(model.repository, context, file, gitRef), context, workflow: file, gitRef };
      }),
    ),
  );
  // GitHub's default subject (`repo:<o>/<r>:<context>`), in force until an admin sets the template
  // (or if it is ever reset): it names no workflow, so any job in that context can present it.
  const contexts = [...new Set([...environments.filter((e) => e !== undefined).map((e) => `environment:${e}`), ...refs.map((r) => r.base), `ref:refs/heads/${model.defaultBranch}`])];
  const untemplated = contexts.map((context) => ({ where: `attacker (default subject, no template): any job with context ${context}`, subject: `repo:${model.repository}:${context}`, context, workflow: '*', gitRef: '*' }));
  return [...templated, ...untemplated];
}

/**
 * Subjects of the default branch itself, from every workflow file (and one not written yet) in
 * every environment or none: reviewed code, but only the named workflows may reach a deploy or
 * image role, and a job without an environment (`ref:refs/heads/<default>`) may reach none.
 */
export function defaultBranchProbes(model: SubjectModel, workflowFiles: readonly string[]): Probe[] {
  const { files, environments } = probeSpace(model, workflowFiles);
  const gitRef = `refs/heads/${model.defaultBranch}`;
  return files.flatMap((file) =>
    environments.map((environment) => {
      const context = environment === undefined ? `ref:${gitRef}` : `environment:${environment}`;
      return { where: `${file}@${gitRef}${environment ? ` in environment ${environment}` : ' without an environment'}`, subject: renderSubject(model.repository, context, file, gitRef), context, workflow: file, gitRef };
    }),
  );
}
