/**
 * The environment a command line tool is run for (`npx projen leak-report|teardown|slo-report
 * <env>`): config/ (or PLATFORM_CONFIG_DIR, as synth reads it), validated as the stacks validate
 * it, and the environment of that name in it. A name config/project.yaml does not list is an
 * error that names the nearest listed one.
 */
import { join, relative } from 'node:path';
import { chosenConfigFolder, loadConfig } from './config';
import { nearestName } from './nearest-name';
import type { EnvironmentConfig } from '../modules/shared/environment-config';

/** The environment asked for is not one config/project.yaml lists. */
export class UnknownEnvironmentError extends Error {
  constructor(
    readonly environment: string,
    /** The environments project.yaml lists. */
    readonly known: readonly string[],
    /** The listed name `environment` is most likely a typo of. */
    readonly nearest: string | undefined,
    /** project.yaml, relative to the working directory. */
    readonly projectFile: string,
  ) {
    super(`unknown environment "${environment}"${nearest === undefined ? '' : `; did you mean ${nearest}?`} (${projectFile} lists ${known.join(', ')})`);
    this.name = 'UnknownEnvironmentError';
  }
}

/**
 * The environment `name` of the config folder `env` chooses. Throws `ConfigError` when the folder
 * does not validate and `UnknownEnvironmentError` when it has no such environment.
 */
export function selectEnvironment(name: string, env: { readonly PLATFORM_CONFIG_DIR?: string }): EnvironmentConfig {
  const { configDir, chosenBy } = chosenConfigFolder(env);
  const { environments } = loadConfig(configDir, chosenBy);
  const found = environments.find((e) => e.name === name);
  if (found) return found;
  const known = environments.map((e) => e.name);
  const projectFile = relative(process.cwd(), join(configDir, 'project.yaml'));
  throw new UnknownEnvironmentError(name, known, nearestName(name, known), projectFile);
}
