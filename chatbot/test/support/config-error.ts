import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config';

/** The ConfigError loadConfig throws for `env`; fails the test when it accepts `env`. */
export function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}
