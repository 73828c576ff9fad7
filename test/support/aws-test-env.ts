/**
 * An AWS SDK environment that can only reach loopback fakes: static test credentials, every
 * service endpoint (or one service's) overridden, and the instance metadata service, profiles,
 * SSO and container credentials out of reach, so nothing in a test can call AWS.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Variables that would let the SDK find real credentials or endpoints; cleared in tests. */
const AMBIENT = [
  'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_DEFAULT_REGION',
];

export interface AwsTestEnvOptions {
  /** Endpoint overrides, e.g. `{ AWS_ENDPOINT_URL_S3: fake.endpoint }`. */
  readonly endpoints: Record<string, string>;
  /** Leave credentials out (to test the "no credentials" path). @default true */
  readonly withCredentials?: boolean;
}

/** The variables to run a process (or the test itself) against loopback fakes. */
export function awsTestEnv(options: AwsTestEnvOptions): Record<string, string | undefined> {
  const nowhere = join(tmpdir(), 'aws-test-env-no-such-file');
  const env: Record<string, string | undefined> = Object.fromEntries(AMBIENT.map((name) => [name, undefined]));
  Object.assign(env, {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: nowhere,
    AWS_SHARED_CREDENTIALS_FILE: nowhere,
    AWS_ACCESS_KEY_ID: options.withCredentials === false ? undefined : 'AKIDTESTFAKE',
    AWS_SECRET_ACCESS_KEY: options.withCredentials === false ? undefined : 'test-secret-key',
    ...options.endpoints,
  });
  return env;
}

/** Apply `env` to process.env; returns a function that restores what was there. */
export function applyEnv(env: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(env);
  return () => set(saved);
}
