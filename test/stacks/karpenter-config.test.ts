/** The `karpenter:` section of an environment file: validation (stacks/karpenter-config.ts) and resolution. */
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../stacks/config';
import { CAPACITY_TYPE_DEFAULTS, DEFAULT_AMI_ALIAS, SPOT_FALLBACK_EXPIRE_AFTER } from '../../stacks/karpenter-config';
import { environmentProblems, testEnvironment } from '../support/environment';

const problemsOf = (karpenter: Record<string, unknown>, env: 'dev' | 'prod' = 'dev') => environmentProblems(env, { karpenter });

describe('stacks/config (karpenter)', () => {
  it('defaults to a pinned AL2023 AMI, c/m/r of generation 6+, spot + on-demand outside production and on-demand only in it', () => {
    expect(testEnvironment('dev').karpenter).to.deep.equal({
      amiAlias: DEFAULT_AMI_ALIAS,
      instanceCategories: ['c', 'm', 'r'],
      minInstanceGeneration: 6,
      architectures: ['amd64'],
      capacityTypes: ['spot', 'on-demand'],
      limits: { cpu: 16, memoryGiB: 64 },
      consolidation: { policy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
      disruptionBudgets: [{ nodes: '10%' }],
      expireAfter: '720h',
      terminationGracePeriod: '1h',
      volumeSizeGiB: 50,
    });
    expect(testEnvironment('prod').karpenter.capacityTypes).to.deep.equal([...CAPACITY_TYPE_DEFAULTS.production]);
    expect(DEFAULT_AMI_ALIAS).to.match(/^al2023@v\d{8}$/);
  });

  it('keeps what the file says', () => {
    const k = testEnvironment('prod', {
      karpenter: {
        instanceFamilies: ['m7i', 'm7g'],
        architectures: ['amd64', 'arm64'],
        capacityTypes: ['on-demand'],
        consolidation: { policy: 'WhenEmpty', consolidateAfter: 'Never' },
        disruptionBudgets: [{ nodes: '1' }, { nodes: '0', schedule: '@daily', duration: '1h30m', reasons: ['Drifted'] }],
      },
    }).karpenter;
    expect(k.instanceFamilies).to.deep.equal(['m7i', 'm7g']);
    expect(k.consolidation).to.deep.equal({ policy: 'WhenEmpty', consolidateAfter: 'Never' });
    expect(k.disruptionBudgets[1]).to.deep.equal({ nodes: '0', schedule: '@daily', duration: '1h30m', reasons: ['Drifted'] });
  });

  it('refuses spot capacity in production, saying why', () => {
    expect(problemsOf({ capacityTypes: ['spot', 'on-demand'] }, 'prod').join('\n')).to.include('karpenter.capacityTypes').and.include('production runs on on-demand capacity first')
      .and.include('spotFallback for spot only when on-demand runs short');
    expect(problemsOf({ capacityTypes: ['spot'] }, 'dev')).to.deep.equal([]);
  });

  it('takes a spot fallback for an on-demand pool, with its own limits and a 24h expiry by default', () => {
    const k = testEnvironment('prod', { karpenter: { capacityTypes: ['on-demand'], spotFallback: { limits: { cpu: 8, memoryGiB: 32 } } } }).karpenter;
    expect(k.capacityTypes).to.deep.equal(['on-demand']);
    expect(k.spotFallback).to.deep.equal({ limits: { cpu: 8, memoryGiB: 32 }, expireAfter: SPOT_FALLBACK_EXPIRE_AFTER });
    expect(SPOT_FALLBACK_EXPIRE_AFTER).to.equal('24h');
    expect(testEnvironment('dev', { karpenter: { capacityTypes: ['on-demand'], spotFallback: { limits: { cpu: 4, memoryGiB: 16 }, expireAfter: '6h' } } }).karpenter.spotFallback)
      .to.deep.equal({ limits: { cpu: 4, memoryGiB: 16 }, expireAfter: '6h' });
    expect(testEnvironment('dev').karpenter).to.not.have.property('spotFallback');
  });

  it('refuses a spot fallback for a pool that already launches spot, one without limits, and one that never expires', () => {
    expect(problemsOf({ spotFallback: { limits: { cpu: 8, memoryGiB: 32 } } }, 'dev').join('\n')).to.include('karpenter.spotFallback')
      .and.include('the default pool already launches spot (capacityTypes: [spot, on-demand]); a spot fallback is for an on-demand pool');
    expect(problemsOf({ capacityTypes: ['on-demand'], spotFallback: {} }, 'prod').join('\n')).to.include('karpenter.spotFallback.limits');
    expect(problemsOf({ capacityTypes: ['on-demand'], spotFallback: { limits: { cpu: 8, memoryGiB: 32 }, expireAfter: 'Never' } }, 'prod').join('\n'))
      .to.include('karpenter.spotFallback.expireAfter').and.include('spot nodes must give way to on-demand ones again');
    expect(problemsOf({ capacityTypes: ['on-demand'], spotFallback: { limits: { cpu: 1, memoryGiB: 32 } } }, 'prod').join('\n')).to.include('karpenter.spotFallback.limits.cpu');
  });

  it('refuses an unpinned AMI, a budget schedule without duration, bad durations and counts', () => {
    const problems = problemsOf({
      amiAlias: 'al2023@latest',
      disruptionBudgets: [{ nodes: 'ten' }, { nodes: '1', schedule: '0 9 * * 1-5' }],
      consolidation: { consolidateAfter: '5 minutes' },
      expireAfter: 'forever',
    }).join('\n');
    expect(problems).to.include('karpenter.amiAlias').and.include('must pin an AMI release');
    expect(problems).to.include('karpenter.disruptionBudgets.0.nodes');
    expect(problems).to.include('set schedule and duration together');
    expect(problems).to.include('karpenter.consolidation.consolidateAfter');
    expect(problems).to.include('karpenter.expireAfter');
  });

  it('refuses a family outside the categories, a Graviton family without arm64, and an unknown key', () => {
    const problems = problemsOf({ instanceCategories: ['c', 'm'], instanceFamilies: ['r7i', 'm7g'], limit: { cpu: 4 } }).join('\n');
    expect(problems).to.include('r7i is of category r, which instanceCategories (c, m) leaves out');
    expect(problems).to.include('m7g is a Graviton (arm64) family: add arm64 to architectures');
    expect(problems).to.include('limit');
  });

  it('refuses limits too small for one node and a production pool that never expires', () => {
    expect(problemsOf({ limits: { cpu: 1, memoryGiB: 64 } }).join('\n')).to.include('at least 2 vCPUs');
    expect(problemsOf({ expireAfter: 'Never' }, 'prod').join('\n')).to.include('production nodes expire');
  });

  it('validates the repository\'s config/ files, dev with spot and prod on-demand only', () => {
    const project = loadConfig(join(__dirname, '../../config'));
    const byName = new Map(project.environments.map((e) => [e.name, e.karpenter]));
    expect(byName.get('dev')?.capacityTypes).to.include('spot');
    expect(byName.get('prod')?.capacityTypes).to.deep.equal(['on-demand']);
  });
});
