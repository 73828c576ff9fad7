/**
 * Test support: the CI roles as the bootstrap stack really synthesizes them from config/, so the
 * workflows are checked against the roles, not against a copy of their settings.
 */
import { join } from 'node:path';
import { ciRoleName } from '../../modules/shared/naming';
import { buildPlatformApp } from '../../stacks/app';
import { loadConfig } from '../../stacks/config';
import { resourcesOf, synthStack, type TerraformJson } from '../support/synth';

let cached: { bootstrap: TerraformJson; platforms: Record<string, TerraformJson> } | undefined;

function synthesized() {
  if (!cached) {
    const project = loadConfig(join(__dirname, '..', '..', 'config'));
    const app = buildPlatformApp(project);
    cached = {
      bootstrap: synthStack(app.bootstrap),
      platforms: Object.fromEntries(app.platforms.map((p) => [p.environment.name, synthStack(p)])),
    };
  }
  return cached;
}

function role(kind: 'plan' | 'apply'): Record<string, any> {
  const project = loadConfig(join(__dirname, '..', '..', 'config'));
  const roles = Object.values(resourcesOf(synthesized().bootstrap, 'aws_iam_role'));
  const found = roles.find((r) => r.name === ciRoleName(project.namePrefix, kind));
  if (!found) throw new Error(`bootstrap synthesizes no ${kind} role`);
  return found;
}

export function synthBootstrapApplyRole(): Record<string, any> {
  return role('apply');
}

export function synthBootstrapPlanRole(): Record<string, any> {
  return role('plan');
}

/** The ECR repository names the platform stack of `environment` creates. */
export function synthEcrRepositoryNames(environment: string): string[] {
  const platform = synthesized().platforms[environment];
  return Object.values(resourcesOf(platform, 'aws_ecr_repository')).map((r) => r.name as string);
}
