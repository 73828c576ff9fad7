/** SSM parameters that hold secrets are encrypted. */
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

export const PARAMETER_RULES: readonly PolicyRule[] = [secretParameters];
