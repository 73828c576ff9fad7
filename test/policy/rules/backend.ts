/** Stack-level rules: provider default tags and where state is kept. */
import { REQUIRED_TAG_KEYS } from '../../../modules/shared/tags';
import { violation, type PolicyRule, type Violation } from '../policy-rule';
import { blocks, isTrue } from '../terraform-json';

export const providerDefaultTags: PolicyRule = {
  id: 'provider-default-tags',
  description: `Every AWS provider block has default_tags with ${REQUIRED_TAG_KEYS.join(', ')}`,
  check: (stack) => {
    const found: Violation[] = [];
    (stack.json.provider?.aws ?? []).forEach((provider, i) => {
      const address = typeof provider.alias === 'string' ? `provider.aws.${provider.alias}` : i === 0 ? 'provider.aws' : `provider.aws[${i}]`;
      const tags = Object.assign({}, ...blocks(provider.default_tags).map((d) => d.tags ?? {})) as Record<string, unknown>;
      const missing = REQUIRED_TAG_KEYS.filter((k) => typeof tags[k] !== 'string' || tags[k] === '');
      if (missing.length > 0) found.push(violation(providerDefaultTags.id, address, `default_tags lacks ${missing.join(', ')}`));
    });
    return found;
  },
};

export const s3Backend: PolicyRule = {
  id: 'backend-s3-encrypted-locked',
  description: 'Platform stacks keep state in the S3 backend; every S3 backend sets encrypt = true and use_lockfile = true',
  check: (stack) => {
    const backend = stack.json.terraform?.backend?.s3 as Record<string, unknown> | undefined;
    if (backend === undefined) {
      return stack.kind === 'platform' ? [violation(s3Backend.id, 'terraform.backend', `stack ${stack.name} has no S3 backend, so its state is local`)] : [];
    }
    const missing = ['encrypt', 'use_lockfile'].filter((k) => !isTrue(backend[k]));
    return missing.length > 0 ? [violation(s3Backend.id, 'terraform.backend.s3', `of stack ${stack.name} does not set ${missing.map((k) => `${k} = true`).join(' and ')}`)] : [];
  },
};

export const BACKEND_RULES: readonly PolicyRule[] = [providerDefaultTags, s3Backend];
