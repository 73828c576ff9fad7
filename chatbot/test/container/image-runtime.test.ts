/**
 * scripts/image-runtime.ts reads how the container runs the service from the Dockerfile; the
 * benchmark and the bundle test start the service that way, so a Dockerfile it misreads must
 * fail loudly, naming what is wrong.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readImageRuntime } from '../../scripts/image-runtime';

describe('readImageRuntime', () => {
  let dir: string;
  const dockerfile = (text: string): string => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-runtime-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the Node release and splits the entrypoint into flags and script (the last ENTRYPOINT wins)', () => {
    const file = dockerfile([
      'ARG NODE_IMAGE=node:26.12.1-trixie-slim',
      'FROM ${NODE_IMAGE} AS build',
      'ENTRYPOINT ["node", "build.js"]',
      'FROM ${NODE_IMAGE}',
      'ENTRYPOINT ["node", "--max-semi-space-size=4", "--enable-source-maps", "dist/server.js"]',
    ].join('\n'));
    expect(readImageRuntime(file)).to.deep.equal({
      nodeVersion: '26.12.1',
      entrypoint: ['node', '--max-semi-space-size=4', '--enable-source-maps', 'dist/server.js'],
      nodeFlags: ['--max-semi-space-size=4', '--enable-source-maps'],
      script: 'dist/server.js',
    });
  });

  it('names what is missing or malformed', () => {
    const entry = 'ENTRYPOINT ["node", "dist/server.js"]';
    expect(() => readImageRuntime(dockerfile(`FROM node:26-slim\n${entry}`))).to.throw(/no ARG NODE_IMAGE=node:<major\.minor\.patch>/);
    expect(() => readImageRuntime(dockerfile('ARG NODE_IMAGE=node:26-slim\n' + entry))).to.throw(/no ARG NODE_IMAGE/);
    const arg = 'ARG NODE_IMAGE=node:26.12.1-trixie-slim\n';
    expect(() => readImageRuntime(dockerfile(arg))).to.throw(/no ENTRYPOINT/);
    expect(() => readImageRuntime(dockerfile(`${arg}ENTRYPOINT node dist/server.js`))).to.throw(/not exec form/);
    expect(() => readImageRuntime(dockerfile(`${arg}ENTRYPOINT ["/bin/sh", "-c", "node dist/server.js"]`))).to.throw(/must be \["node"/);
    expect(() => readImageRuntime(dockerfile(`${arg}ENTRYPOINT ["node"]`))).to.throw(/must be \["node"/);
  });
});
