/** Log groups keep logs for a bounded time; KMS keys rotate. */
import { violation, type PolicyRule } from '../policy-rule';
import { isTrue, resources } from '../terraform-json';

export const logRetention: PolicyRule = {
  id: 'logs-retention-set',
  description: 'Every aws_cloudwatch_log_group has retention_in_days > 0 (the default keeps logs, and their cost, forever)',
  check: (stack) =>
    resources(stack.json, 'aws_cloudwatch_log_group')
      .filter((g) => !(typeof g.attrs.retention_in_days === 'number' && g.attrs.retention_in_days > 0))
      .map((g) => violation(logRetention.id, g.address, `retention_in_days is ${JSON.stringify(g.attrs.retention_in_days ?? 'unset (never expire)')}; set a number of days > 0`)),
};

export const kmsRotation: PolicyRule = {
  id: 'kms-key-rotation',
  description: 'Every aws_kms_key has enable_key_rotation = true',
  check: (stack) =>
    resources(stack.json, 'aws_kms_key')
      .filter((k) => !isTrue(k.attrs.enable_key_rotation))
      .map((k) => violation(kmsRotation.id, k.address, 'does not set enable_key_rotation = true')),
};

export const LOGGING_AND_KEY_RULES: readonly PolicyRule[] = [logRetention, kmsRotation];
