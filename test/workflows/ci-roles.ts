/**
 * Test support: every IAM role that GitHub Actions can assume, as the bootstrap stack really
 * synthesizes it from config/. Not only the roles the workflows name: any role whose trust policy
 * admits GitHub's OIDC provider is in the list, so a role added later cannot escape the
 * trust-matrix test by not being looked for.
 *
 * Only the bootstrap stack is synthesized (it alone creates CI roles: modules/github-ci); the
 * per-environment stacks are not needed here, which keeps this fast.
 */
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { trustsGithubOidc } from './trust-policy';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { loadConfig } from '../../stacks/config';
import { resourcesOf, synthStack, type TerraformJson } from '../support/synth';

/** A role as the trust matrix sees it. */
export interface CiRole {
  readonly name: string;
  /** The trust policy, JSON text as synthesized. */
  readonly assumeRolePolicy: string;
  /** Longest session, in seconds (IAM's default 3600 when unset). */
  readonly maxSessionDuration: number;
}

let cached: TerraformJson | undefined;

function bootstrap(): TerraformJson {
  if (!cached) {
    const project = loadConfig(join(__dirname, '..', '..', 'config'));
    cached = synthStack(new BootstrapStack(Testing.app(), 'bootstrap', { project }));
  }
  return cached;
}

/** The roles of the bootstrap stack that trust GitHub's OIDC provider, by name. */
export function synthesizedGithubRoles(): CiRole[] {
  return Object.values(resourcesOf(bootstrap(), 'aws_iam_role'))
    .filter((r) => typeof r.assume_role_policy === 'string' && trustsGithubOidc(r.assume_role_policy))
    .map((r) => ({
      name: r.name as string,
      assumeRolePolicy: r.assume_role_policy as string,
      maxSessionDuration: (r.max_session_duration as number | undefined) ?? 3600,
    }));
}

/** One role by name; throws (naming what bootstrap has) when it is missing. */
export function synthesizedGithubRole(name: string): CiRole {
  const roles = synthesizedGithubRoles();
  const found = roles.find((r) => r.name === name);
  if (!found) throw new Error(`bootstrap synthesizes no GitHub role ${name}; it has ${roles.map((r) => r.name).join(', ') || 'none'}`);
  return found;
}
