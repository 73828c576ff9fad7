/**
 * The environment the report is for, from config/ (or PLATFORM_CONFIG_DIR, as synth reads it),
 * validated as the stacks validate it. A name config/project.yaml does not list is an error that
 * names the nearest listed one.
 */
import { relative } from 'node:path';
import { SloReportError } from './report-errors';
import type { EnvironmentConfig } from '../../../modules/shared/environment-config';
import { ConfigError, loadConfig } from '../../../stacks/config';
import { nearestName } from '../../../stacks/nearest-name';

export function selectEnvironment(name: string, configDir: string, chosenBy?: string): EnvironmentConfig {
  let environments: readonly EnvironmentConfig[];
  try {
    environments = loadConfig(configDir, chosenBy).environments;
  } catch (error) {
    if (error instanceof ConfigError) throw new SloReportError(error.message);
    throw error;
  }
  const found = environments.find((env) => env.name === name);
  if (found) return found;
  const names = environments.map((env) => env.name);
  const meant = nearestName(name, names);
  const project = relative(process.cwd(), `${configDir}/project.yaml`) || 'project.yaml';
  throw new SloReportError(
    `unknown environment "${name}"${meant === undefined ? '' : `; did you mean ${meant}?`} (${project} lists ${names.join(', ')})`,
  );
}
