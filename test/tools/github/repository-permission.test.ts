import { expect } from 'chai';
import { canWrite, roleOf } from '../../../tools/github/src/repository-permission';

describe('canWrite', () => {
  const access = (permission: string, roleName: string) => ({ login: 'x', permission, roleName });

  it('allows admin, maintain and write, as GitHub reports them (maintain shows as write in `permission`)', () => {
    expect(canWrite(access('admin', 'admin'))).to.equal(true);
    expect(canWrite(access('write', 'maintain'))).to.equal(true);
    expect(canWrite(access('write', 'write'))).to.equal(true);
  });

  it('allows a custom role based on write, and trusts role_name where `permission` lags behind it', () => {
    expect(canWrite(access('write', 'deployer'))).to.equal(true);
    expect(canWrite(access('read', 'maintain'))).to.equal(true);
  });

  it('refuses triage, read, none and a custom role based on read', () => {
    for (const [permission, role] of [['read', 'triage'], ['read', 'read'], ['none', ''], ['read', 'auditor']]) {
      expect(canWrite(access(permission, role)), `${permission}/${role}`).to.equal(false);
    }
  });

  it('names the role people know', () => {
    expect(roleOf(access('read', 'triage'))).to.equal('triage');
    expect(roleOf(access('read', ''))).to.equal('read');
  });
});
