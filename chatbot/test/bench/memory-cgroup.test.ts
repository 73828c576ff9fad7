/**
 * bench/memory-cgroup.ts: the benchmark runs each server under the pod's memory limit. Its
 * parsing, its cgroup layout (v1 and v2) and the wrapper that moves a server into its cgroup are
 * checked here on a folder standing in for /sys/fs/cgroup (writing the real one needs root).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MemoryCgroup, MemoryCgroups, memoryQuantityBytes, podMemoryLimitBytes } from '../../bench/memory-cgroup';

describe('bench memory cgroups', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'memory-cgroup-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads Kubernetes memory quantities', () => {
    expect(memoryQuantityBytes('256Mi')).to.equal(256 * 1024 * 1024);
    expect(memoryQuantityBytes('1Gi')).to.equal(1024 ** 3);
    expect(memoryQuantityBytes('128M')).to.equal(128e6);
    expect(memoryQuantityBytes('134217728')).to.equal(134217728);
    expect(() => memoryQuantityBytes('lots')).to.throw(/not a memory quantity: "lots"/);
  });

  it("takes the chatbot container's memory limit from the gitops Deployment", () => {
    const deployment = readFileSync(join(__dirname, '..', '..', '..', 'gitops', 'apps', 'chatbot', 'base', 'deployment.yaml'), 'utf8');
    const limit = /limits:\s*\n(?:\s+cpu: \S+\n)?\s+memory: (\S+)/.exec(deployment)?.[1];
    expect(limit, 'limits.memory in deployment.yaml').to.be.a('string');
    expect(podMemoryLimitBytes()).to.equal(memoryQuantityBytes(limit!));
    const file = join(dir, 'deployment.yaml');
    writeFileSync(file, 'kind: Deployment\nspec: {template: {spec: {containers: [{name: chatbot}]}}}\n');
    expect(() => podMemoryLimitBytes(file)).to.throw(/no resources\.limits\.memory for container "chatbot"/);
  });

  it('creates a limited cgroup under its own (v1 memory controller) and removes it', () => {
    mkdirSync(join(dir, 'memory', 'job', '42'), { recursive: true });
    const cgroupFile = join(dir, 'self-cgroup');
    writeFileSync(cgroupFile, '5:devices:/\n4:memory:/job/42\n0::/\n');
    const groups = MemoryCgroups.open(256 * 1024 * 1024, cgroupFile, dir);
    if (typeof groups === 'string') throw new Error(groups);
    const group = groups.create('app');
    expect(readFileSync(join(group.path, 'memory.limit_in_bytes'), 'utf8')).to.equal(String(256 * 1024 * 1024));
    expect(group.path).to.equal(join(dir, 'memory', 'job', '42', `chatbot-bench-${process.pid}-app`));
    rmSync(join(group.path, 'memory.limit_in_bytes')); // the kernel's files vanish with the folder
    group.remove();
    expect(readdirSync(join(dir, 'memory', 'job', '42'))).to.not.include(`chatbot-bench-${process.pid}-app`);
  });

  it('uses memory.max on cgroup v2, and says why when it cannot create one', () => {
    mkdirSync(join(dir, 'user.slice'), { recursive: true });
    const cgroupFile = join(dir, 'self-cgroup');
    writeFileSync(cgroupFile, '0::/user.slice\n');
    const groups = MemoryCgroups.open(1024, cgroupFile, dir);
    if (typeof groups === 'string') throw new Error(groups);
    expect(readFileSync(join(groups.create().path, 'memory.max'), 'utf8')).to.equal('1024');
    const missing = MemoryCgroups.open(1024, join(dir, 'no-such-file'), dir);
    expect(missing).to.be.a('string').and.match(/no-such-file/);
  });

  it('moves the wrapped process into the cgroup before exec, keeping its pid', () => {
    const { command, args } = new MemoryCgroup(dir).wrap(process.execPath, ['-e', 'console.log(process.pid)']);
    const printed = execFileSync(command, args, { encoding: 'utf8' }).trim();
    expect(printed).to.match(/^\d+$/);
    expect(readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim()).to.equal(printed);
  });
});
