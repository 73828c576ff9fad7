import { expect } from 'chai';
import { ClusterEncryptionKey } from '../../../modules/cluster/cluster-encryption';
import { onlyResource, resourcesOf, synthConstructs } from '../../support/synth';

describe('ClusterEncryptionKey', () => {
  const json = synthConstructs((stack) => new ClusterEncryptionKey(stack, 'secrets-key', { clusterName: 'qa-dev' }));
  const key = onlyResource(json, 'aws_kms_key');

  it('rotates and waits the longest deletion window', () => {
    expect(key.enable_key_rotation).to.equal(true);
    expect(key.deletion_window_in_days).to.equal(30);
  });

  it('keeps the default key policy (no custom policy granting kms:*)', () => {
    expect(key).to.not.have.property('policy');
    expect(resourcesOf(json, 'aws_kms_key_policy')).to.deep.equal({});
  });

  it('names the key by an alias of the cluster', () => {
    const alias = onlyResource(json, 'aws_kms_alias');
    expect(alias.name).to.equal('alias/qa-dev-eks-secrets');
    expect(alias.target_key_id).to.match(/^\$\{aws_kms_key\.[^.]+\.key_id\}$/);
  });
});
