import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { UsageError } from '../../../tools/github/src/cli-io';
import { findCheckoutRoot, preparePlanOutDir } from '../../../tools/github/src/plan-out-dir';

describe('preparePlanOutDir', () => {
  let scratch: string;
  let checkout: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'out-dir-'));
    checkout = join(scratch, 'checkout');
    mkdirSync(join(checkout, '.git'), { recursive: true });
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const refusal = (path: string): string => {
    const error = (() => {
      try {
        preparePlanOutDir(path, [checkout]);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error, path).to.be.instanceOf(UsageError);
    return (error as Error).message;
  };

  it('creates a new directory outside the checkout, or takes an empty one', () => {
    expect(preparePlanOutDir(join(scratch, 'temp', 'plan'), [checkout])).to.deep.equal({ dir: join(scratch, 'temp', 'plan'), created: true });
    expect(preparePlanOutDir(join(scratch, 'temp', 'plan'), [checkout])).to.deep.equal({ dir: join(scratch, 'temp', 'plan'), created: false });
  });

  it('refuses the checkout, anything inside it, and a path that reaches it through a symbolic link', () => {
    expect(refusal(checkout)).to.contain('is inside the repository checkout');
    expect(refusal(join(checkout, 'cdktf.out'))).to.contain('is inside the repository checkout');
    symlinkSync(checkout, join(scratch, 'innocent'));
    expect(refusal(join(scratch, 'innocent', 'plan'))).to.contain('is inside the repository checkout');
    expect(existsSync(join(checkout, 'plan'))).to.equal(false);
  });

  it('refuses a directory that is not empty, a file, or a symbolic link', () => {
    mkdirSync(join(scratch, 'used'));
    writeFileSync(join(scratch, 'used', 'old.tfplan'), '');
    expect(refusal(join(scratch, 'used'))).to.contain('is not empty');
    expect(refusal(join(scratch, 'used', 'old.tfplan'))).to.contain('exists and is not a directory');
    mkdirSync(join(scratch, 'empty'));
    symlinkSync(join(scratch, 'empty'), join(scratch, 'link'));
    expect(refusal(join(scratch, 'link'))).to.contain('exists and is not a directory');
  });

  it('finds the checkout a working directory is in', () => {
    mkdirSync(join(checkout, 'tools', 'github'), { recursive: true });
    expect(findCheckoutRoot(join(checkout, 'tools', 'github'))).to.equal(checkout);
  });
});
