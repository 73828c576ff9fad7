/** SSM parameters that hold secrets are encrypted; the platform's own parameters hold none. */
import { violation, type PolicyRule } from '../policy-rule';
import { resources } from '../terraform-json';

/** Names that suggest a secret value. */
const SECRET_NAME = /secret|password|token|key$/i;

export const secretParameters: PolicyRule = {
  id: 'ssm-secrets-secure-string',
  description: 'SSM parameters whose name looks secret (secret, password, token, or ending in key) are SecureString',
  check: (stack) =>
    resources(stack.json, 'aws_ssm_parameter')
      .filter((p) => typeof p.attrs.name === 'string' && SECRET_NAME.test(p.attrs.name) && p.attrs.type !== 'SecureString')
      .map((p) => violation(secretParameters.id, p.address, `is named ${p.attrs.name} but has type ${JSON.stringify(p.attrs.type)}, not "SecureString"`)),
};

/**
 * Refreshing an aws_ssm_parameter reads its value with WithDecryption=true: a SecureString would
 * need kms:Decrypt in the CI plan role, the one role pull-request code can hold (and its value
 * would sit in the state the plan reads). Secrets go into SSM outside Terraform, where External
 * Secrets reads them; the stacks manage plain configuration only.
 */
export const noManagedSecureStrings: PolicyRule = {
  id: 'ssm-no-terraform-managed-secure-string',
  description: 'Stacks manage no SecureString SSM parameter (the plan role refreshes every managed parameter and has no kms:Decrypt); secrets are put into SSM outside Terraform',
  check: (stack) =>
    resources(stack.json, 'aws_ssm_parameter')
      .filter((p) => p.attrs.type === 'SecureString')
      .map((p) => violation(noManagedSecureStrings.id, p.address, 'is a SecureString managed by Terraform: plans could not refresh it without kms:Decrypt, and its value would be in state; create it outside Terraform')),
};

export const PARAMETER_RULES: readonly PolicyRule[] = [secretParameters, noManagedSecureStrings];
