/**
 * An AWS environment for tests of the SDK's real credential and region chains that can only
 * reach loopback: instance metadata off (and pointed at a closed loopback port, should anything
 * still ask), no credentials or profile from the machine, and the shared config and credentials
 * files moved to a fresh temporary folder (new paths each time: the SDK caches a file it read,
 * or failed to read, by path for the life of the process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AwsSandbox {
  /** The folder holding `config` and `credentials` (neither exists until a test writes it). */
  readonly dir: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  /** The variables to run a child process with (on top of PATH). */
  readonly env: Readonly<Record<string, string>>;
}

/** Variables that would let the chains find real credentials, a region or the network. */
const CLEARED = /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|DEFAULT_PROFILE|REGION|DEFAULT_REGION|ROLE_ARN|ROLE_SESSION_NAME|WEB_IDENTITY_TOKEN_FILE|CONTAINER_\w+|EC2_METADATA_\w+|CONFIG_FILE|SHARED_CREDENTIALS_FILE|SDK_LOAD_CONFIG|CREDENTIAL_EXPIRATION|LOGIN_\w+|SSO_\w+)$/;

export function awsSandbox(): AwsSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'chatbot-aws-'));
  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  return {
    dir,
    configFile,
    credentialsFile,
    env: {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9',
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    },
  };
}

/**
 * Applies a sandbox (plus `extra`) to this process's environment, for in-process SDK clients;
 * returns the function that restores the environment and removes the folder.
 */
export function enterAwsSandbox(sandbox: AwsSandbox, extra: Record<string, string> = {}): () => void {
  const saved = Object.fromEntries(Object.keys(process.env).filter((name) => CLEARED.test(name)).map((name) => [name, process.env[name]]));
  for (const name of Object.keys(saved)) delete process.env[name];
  Object.assign(process.env, sandbox.env, extra);
  return () => {
    for (const name of Object.keys(process.env)) if (CLEARED.test(name)) delete process.env[name];
    Object.assign(process.env, saved);
    rmSync(sandbox.dir, { recursive: true, force: true });
  };
}

/** This environment without the variables the sandbox clears, for a child process. */
export function environmentWithoutAws(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !CLEARED.test(entry[0]),
  ));
}
