/**
 * Who may write to the repository, asked of GitHub (`GET /repos/{o}/{r}/collaborators/{user}/permission`)
 * rather than read from a review's or comment's `author_association`: MEMBER only says the user
 * belongs to the organisation, which includes members whose access to this repository is read.
 */
import { describeApiFailure } from './api-error';
import type { GitHubClient } from './client';

export interface RepositoryPermission {
  readonly login: string;
  /**
   * The legacy level: admin, write, read or none. GitHub folds maintain into write and triage
   * into read here, and a custom role into the level it is based on.
   */
  readonly permission: string;
  /** The role people see in the settings: admin, maintain, write, triage, read or a custom role's name. */
  readonly roleName: string;
}

const WRITE_PERMISSIONS: ReadonlySet<string> = new Set(['admin', 'write']);
const WRITE_ROLES: ReadonlySet<string> = new Set(['admin', 'maintain', 'write']);

/** Write, maintain or admin (a custom role counts when it is based on write or admin). */
export function canWrite(access: RepositoryPermission): boolean {
  return WRITE_PERMISSIONS.has(access.permission) || WRITE_ROLES.has(access.roleName);
}

/** What to call someone's access in a message: the role they know (triage, not read). */
export function roleOf(access: RepositoryPermission): string {
  return access.roleName || access.permission;
}

export interface PermissionQuery {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly login: string;
}

/** The user's access, or undefined when they are not a collaborator (GitHub answers 404). */
export async function getRepositoryPermission(query: PermissionQuery): Promise<RepositoryPermission | undefined> {
  const { octokit, owner, repo, login } = query;
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: login });
    return { login, permission: data.permission, roleName: data.role_name ?? '' };
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return undefined;
    throw describeApiFailure(`check the permission of @${login} on ${owner}/${repo}`, error);
  }
}
