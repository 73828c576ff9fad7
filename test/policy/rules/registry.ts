/** ECR rules: immutable tags, scanned images, KMS encryption. */
import { violation, type PolicyRule, type StackUnderTest } from '../policy-rule';
import { blocks, isTrue, resources, type ResourceEntry } from '../terraform-json';

function eachRepository(stack: StackUnderTest, rule: string, problemOf: (repo: ResourceEntry) => string | undefined) {
  return resources(stack.json, 'aws_ecr_repository').flatMap((repo) => {
    const problem = problemOf(repo);
    return problem === undefined ? [] : [violation(rule, repo.address, problem)];
  });
}

export const immutableTags: PolicyRule = {
  id: 'ecr-immutable-tags',
  description: 'ECR repositories have image_tag_mutability IMMUTABLE (a deployed tag always means the same image)',
  check: (stack) =>
    eachRepository(stack, immutableTags.id, (repo) =>
      repo.attrs.image_tag_mutability === 'IMMUTABLE' ? undefined : `image_tag_mutability is ${JSON.stringify(repo.attrs.image_tag_mutability ?? 'MUTABLE (default)')}, not "IMMUTABLE"`,
    ),
};

export const scanOnPush: PolicyRule = {
  id: 'ecr-scan-on-push',
  description: 'ECR repositories scan images on push',
  check: (stack) =>
    eachRepository(stack, scanOnPush.id, (repo) =>
      blocks(repo.attrs.image_scanning_configuration).some((c) => isTrue(c.scan_on_push)) ? undefined : 'does not set image_scanning_configuration.scan_on_push = true',
    ),
};

export const kmsEncrypted: PolicyRule = {
  id: 'ecr-kms-encryption',
  description: 'ECR repositories are encrypted with KMS (encryption_configuration.encryption_type KMS)',
  check: (stack) =>
    eachRepository(stack, kmsEncrypted.id, (repo) =>
      blocks(repo.attrs.encryption_configuration).some((c) => c.encryption_type === 'KMS') ? undefined : 'has no encryption_configuration with encryption_type "KMS"',
    ),
};

export const REGISTRY_RULES: readonly PolicyRule[] = [immutableTags, scanOnPush, kmsEncrypted];
