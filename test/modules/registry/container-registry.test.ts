import { expect } from 'chai';
import { ContainerRegistry } from '../../../modules/registry/container-registry';
import type { RegistryConfig } from '../../../modules/shared/environment-config';
import { testEnvironment } from '../../support/environment';
import { onlyResource, synthConstructs, type TerraformJson } from '../../support/synth';

function synthRegistry(config: RegistryConfig, forceDelete?: boolean): TerraformJson {
  return synthConstructs((stack) => {
    new ContainerRegistry(stack, 'registry', { repositoryName: 'qa-dev/chatbot', config, ...(forceDelete === undefined ? {} : { forceDelete }) });
  });
}

interface LifecycleRuleJson {
  rulePriority: number;
  selection: Record<string, unknown>;
  action: { type: string };
}

describe('ContainerRegistry', () => {
  const config = testEnvironment('dev', { registry: { keepTaggedImages: 12, untaggedExpiryDays: 3 } }).registry;
  const json = synthRegistry(config);
  const repository = onlyResource(json, 'aws_ecr_repository');

  it('names the repository and makes tags immutable', () => {
    expect(repository.name).to.equal('qa-dev/chatbot');
    expect(repository.image_tag_mutability).to.equal('IMMUTABLE');
  });

  it('scans images on push', () => {
    expect(repository.image_scanning_configuration).to.deep.equal({ scan_on_push: true });
  });

  it('encrypts images with its own rotating KMS key', () => {
    const keys = json.resource?.aws_kms_key ?? {};
    const [keyId] = Object.keys(keys);
    expect(Object.keys(keys)).to.have.length(1);
    expect(keys[keyId].enable_key_rotation).to.equal(true);
    expect(keys[keyId]).not.to.have.property('policy');
    expect(repository.encryption_configuration).to.deep.equal([{ encryption_type: 'KMS', kms_key: `\${aws_kms_key.${keyId}.arn}` }]);
  });

  it('keeps images on destroy unless forceDelete is set', () => {
    expect(repository.force_delete).to.equal(false);
    expect(onlyResource(synthRegistry(config, true), 'aws_ecr_repository').force_delete).to.equal(true);
  });

  describe('lifecycle policy', () => {
    const policy = onlyResource(json, 'aws_ecr_lifecycle_policy');
    const rules = (JSON.parse(policy.policy) as { rules: LifecycleRuleJson[] }).rules;

    it('is attached to the repository', () => {
      const repoId = Object.keys(json.resource?.aws_ecr_repository ?? {})[0];
      expect(policy.repository).to.equal(`\${aws_ecr_repository.${repoId}.name}`);
    });

    it('has unique, ascending priorities and no "any" rule', () => {
      const priorities = rules.map((r) => r.rulePriority);
      expect(priorities).to.deep.equal([...priorities].sort((a, b) => a - b));
      expect(new Set(priorities).size).to.equal(priorities.length);
      expect(rules.map((r) => r.selection.tagStatus)).not.to.include('any');
      expect(rules.every((r) => r.action.type === 'expire')).to.equal(true);
    });

    it('expires untagged images after untaggedExpiryDays first', () => {
      expect(rules[0].selection).to.deep.equal({ tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3 });
    });

    it('keeps only the last keepTaggedImages tagged images', () => {
      expect(rules[1].selection).to.deep.equal({ tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 12 });
    });
  });
});
