import { expect } from 'chai';
import { nearestName } from '../../stacks/nearest-name';

describe('stacks/nearest-name', () => {
  const keys = ['vpcCidr', 'azCount', 'natStrategy', 'interfaceEndpoints', 'logRetentionDays', 'diskSizeGiB'];

  it('matches ignoring case first', () => expect(nearestName('AZCOUNT', keys)).to.equal('azCount'));
  it('allows a missing, extra or wrong letter', () => {
    expect(nearestName('logRetentionDay', keys)).to.equal('logRetentionDays');
    expect(nearestName('natStrategyy', keys)).to.equal('natStrategy');
    expect(nearestName('vpcCider', keys)).to.equal('vpcCidr');
  });
  it('counts two swapped letters as one edit', () => expect(nearestName('azCuont', keys)).to.equal('azCount'));
  it('accepts a cut-off name when the shared part is long', () => expect(nearestName('diskSize', keys)).to.equal('diskSizeGiB'));
  it('suggests nothing when nothing is close', () => {
    expect(nearestName('colour', keys)).to.equal(undefined);
    expect(nearestName('az', keys)).to.equal(undefined);
  });
});
