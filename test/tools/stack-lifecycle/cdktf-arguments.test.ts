import { expect } from 'chai';
import { parseCdktfArguments } from '../../../tools/stack-lifecycle/src/cdktf-arguments';

describe('stack-lifecycle: parseCdktfArguments', () => {
  it('reads stack patterns between flags and keeps every argument for cdktf', () => {
    const argv = ['platform-dev', '--auto-approve', '--var', 'a=1', 'addons-dev', '--output=out', '--parallelism', '2'];
    const args = parseCdktfArguments(argv);
    expect(args.patterns).to.deep.equal(['platform-dev', 'addons-dev']);
    expect(args.output).to.equal('out');
    expect(args.raw).to.deep.equal(argv);
    expect(args.skipSynth).to.equal(false);
  });

  it('knows the short output flag, --skip-synth, --ignore-missing-stack-dependencies and "--"', () => {
    const args = parseCdktfArguments(['-o', 'dir', '--skip-synth', '--ignore-missing-stack-dependencies', '--', '--odd-name']);
    expect(args).to.include({ output: 'dir', skipSynth: true, ignoreMissingStackDependencies: true });
    expect(args.patterns).to.deep.equal(['--odd-name']);
  });

  it('does not take a flag value for a stack (value flags consume the next argument)', () => {
    expect(parseCdktfArguments(['--var-file', 'x.tfvars', '--outputs-file', 'o.json', '-a', 'npx tsx x.ts', 'bootstrap']).patterns).to.deep.equal(['bootstrap']);
  });
});
