import type { EnvironmentConfig } from './environment-config';

/** Tag keys every taggable resource carries (the policy suite checks them). */
export const REQUIRED_TAG_KEYS = ['Project', 'Environment', 'ManagedBy'] as const;

/**
 * Tags for the AWS provider's `default_tags`, so every taggable resource of a stack carries them.
 * Configured tags come first; the three required keys are set last so config cannot blank them.
 */
export function environmentTags(env: Pick<EnvironmentConfig, 'name' | 'namePrefix' | 'tags'>): Record<string, string> {
  return {
    ...env.tags,
    Project: env.tags.Project ?? env.namePrefix,
    Environment: env.name,
    ManagedBy: 'cdktf',
  };
}
