/**
 * The image's properties, read from the Dockerfile and .dockerignore (no Docker engine needed):
 * multi-stage, only the bundled service and UI in the runtime, non-root numeric user matching the Deployment,
 * NODE_ENV=production, pinned base images, exec-form entrypoint, a build context without
 * node_modules or tests, and the UI built by the same command as the ui:build task.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { readImageRuntime } from '../../scripts/image-runtime';
import { CHATBOT_DIR, uiBuildArgs } from '../../scripts/ui-build-command';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly image: string;
  readonly name: string;
  readonly instructions: readonly Instruction[];
}

/** Instructions with line continuations joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text.replace(/\\\r?\n(\s*#.*\r?\n)*/g, ' ').split(/\r?\n/);
  return logical
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    });
}

function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Array<{ image: string; name: string; instructions: Instruction[] }> = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = instruction.args.split('=');
      globalArgs.set(name!, value);
    } else if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      expect(match, `FROM ${instruction.args}`).to.not.equal(null);
      const image = match![1]!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string, bare: string) => globalArgs.get(braced ?? bare) ?? '');
      stages.push({ image, name: match![2] ?? '', instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  return stages;
}

/** Docker's .dockerignore rules, enough for these checks: the last matching pattern wins. */
function isIgnored(patterns: readonly string[], path: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    const regex = new RegExp(`^${pattern.split('/').map((part) => (part === '**'
      ? '.*'
      : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))).join('/').replace(/\.\*\//g, '(?:.*/)?')}(?:/.*)?$`);
    if (regex.test(path)) ignored = !negated;
  }
  return ignored;
}

const dockerfile = readFileSync(join(CHATBOT_DIR, 'Dockerfile'), 'utf8');
const stages = stagesOf(parseDockerfile(dockerfile));
const runtime = stages[stages.length - 1]!;
const valuesOf = (stage: Stage, keyword: string): string[] => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('chatbot Dockerfile', () => {
  it('is multi-stage, every stage named', () => {
    expect(stages.length).to.be.at.least(2);
    expect(stages.map((stage) => stage.name).every((name) => name !== '')).to.equal(true);
  });

  it('pins every base image to an exact Node 26 LTS slim release on Debian trixie, never latest', () => {
    for (const stage of stages) {
      expect(stage.image, stage.name).to.match(/^node:26\.\d+\.\d+-trixie-slim(@sha256:[0-9a-f]{64})?$/);
      expect(stage.image).not.to.contain('latest');
    }
  });

  it('runs as the numeric non-root user of the Deployment', () => {
    const users = valuesOf(runtime, 'USER');
    expect(users).to.have.length(1);
    const [uid, gid] = users[0]!.split(':');
    expect(uid).to.match(/^\d+$/, 'runAsNonRoot can only verify a numeric user');
    expect(Number(uid)).to.be.greaterThan(0);
    const deployment = readFileSync(join(CHATBOT_DIR, '..', 'gitops', 'apps', 'chatbot', 'base', 'deployment.yaml'), 'utf8');
    expect(deployment).to.contain(`runAsUser: ${uid}`);
    if (gid !== undefined) expect(deployment).to.contain(`runAsGroup: ${gid}`);
    // Nothing after USER may switch back to root.
    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords.slice(keywords.indexOf('USER') + 1)).not.to.include.members(['RUN']);
  });

  it('sets NODE_ENV=production and HOME on the writable /tmp', () => {
    const env = valuesOf(runtime, 'ENV').join(' ');
    expect(env).to.match(/(^|\s)NODE_ENV=production(\s|$)/);
    expect(env).to.match(/(^|\s)HOME=\/tmp(\s|$)/);
  });

  it('starts Node directly with an exec-form ENTRYPOINT, so SIGTERM reaches it', () => {
    const entrypoints = valuesOf(runtime, 'ENTRYPOINT');
    expect(entrypoints).to.have.length(1);
    const entrypoint = JSON.parse(entrypoints[0]!) as string[];
    expect(entrypoint[0]).to.equal('node');
    expect(entrypoint[entrypoint.length - 1]).to.equal('dist/server.js');
    // Between them only Node flags (test/container/bundle.test.ts starts the bundle with them on
    // the image's Node). Not --experimental-async-context-frame: Node 26 refuses to start with it
    // ("bad option"), and keeps OpenTelemetry's context without async_hooks by default.
    const flags = entrypoint.slice(1, -1);
    for (const flag of flags) expect(flag, 'ENTRYPOINT flag').to.match(/^--[a-z][a-z0-9-]*(=\S+)?$/);
    expect(flags).to.deep.equal(['--max-semi-space-size=4']);
    expect(readImageRuntime(join(CHATBOT_DIR, 'Dockerfile'))).to.deep.include({ entrypoint, nodeFlags: flags, script: 'dist/server.js' });
    for (const cmd of valuesOf(runtime, 'CMD')) expect(() => JSON.parse(cmd), `CMD ${cmd} must be exec form`).not.to.throw();
    expect(valuesOf(runtime, 'EXPOSE')).to.deep.equal(['8080']);
  });

  it('ships the service bundle and the UI only: no node_modules, npm, sources or loader', () => {
    const copies = valuesOf(runtime, 'COPY');
    expect(copies.join(' ')).not.to.match(/\bnode_modules\b/);
    expect(valuesOf(runtime, 'RUN').join(' ')).not.to.match(/\bnpm (ci|install)\b/);
    // Only what runs: no TypeScript sources, tests, benchmarks or UI sources in the final image.
    expect(copies.join(' ')).not.to.match(/\b(src|test|bench|ui|scripts)\//);
    const build = stages.find((stage) => stage.name === 'build')!;
    expect(copies).to.include.members(['--from=build /app/dist ./dist', '--from=build /app/public ./public']);
    // The build stage bundles with the bundle task's script, after a full (dev included) install.
    expect(valuesOf(build, 'RUN')).to.include('node_modules/.bin/tsx scripts/bundle-server.ts');
    const tasks = JSON.parse(readFileSync(join(CHATBOT_DIR, '.projen', 'tasks.json'), 'utf8'));
    expect(tasks.tasks.bundle.steps).to.deep.equal([{ exec: 'tsx scripts/bundle-server.ts' }]);
  });

  it('ships V8\'s compile cache of the bundle, made by running it as the ENTRYPOINT does', () => {
    const build = stages.find((stage) => stage.name === 'build')!;
    const runs = build.instructions.map((i) => `${i.keyword} ${i.args}`);
    const bundle = runs.indexOf('RUN node_modules/.bin/tsx scripts/bundle-server.ts');
    const warm = runs.indexOf('RUN node_modules/.bin/tsx scripts/warm-compile-cache.ts .node-compile-cache');
    // After the bundle exists, with the Dockerfile at hand (the script reads the ENTRYPOINT's flags from it).
    expect(bundle, 'bundle step').to.be.at.least(0);
    expect(warm, 'warm-up step').to.be.greaterThan(bundle);
    expect(runs.slice(0, warm)).to.include('COPY Dockerfile ./');
    // V8 keys the cache by the file's path: both stages keep the bundle at /app/dist/server.js.
    expect(valuesOf(build, 'WORKDIR')).to.deep.equal(['/app']);
    expect(valuesOf(runtime, 'WORKDIR')).to.deep.equal(['/app']);
    expect(valuesOf(runtime, 'ENV').join(' ')).to.match(/(^|\s)NODE_COMPILE_CACHE=\/app\/\.node-compile-cache(\s|$)/);
    expect(valuesOf(runtime, 'COPY')).to.include('--from=build /app/.node-compile-cache ./.node-compile-cache');
    // The same Node release in both stages, or the cache would be ignored.
    expect(build.image).to.equal(runtime.image);
  });

  it('bundles the UI with the same command as the ui:build task', () => {
    const build = stages.find((stage) => valuesOf(stage, 'RUN').some((run) => run.includes('esbuild')))!;
    const command = valuesOf(build, 'RUN').find((run) => run.includes('esbuild'))!;
    expect(command).to.equal(['node_modules/.bin/esbuild', ...uiBuildArgs()].join(' '));
    expect(valuesOf(runtime, 'COPY')).to.include(`--from=${build.name} /app/public ./public`);
  });
});

describe('chatbot .dockerignore', () => {
  const patterns = readFileSync(join(CHATBOT_DIR, '.dockerignore'), 'utf8')
    .split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));

  it('keeps node_modules, tests, benchmarks, git data and local secrets out of the build context', () => {
    for (const path of ['node_modules/koa/package.json', 'test/ui/sse.test.ts', 'bench/load.bench.ts', '.git/HEAD', '.env', '.projen/tasks.json', 'README.md', 'test-results.json', 'public/app.js']) {
      expect(isIgnored(patterns, path), path).to.equal(true);
    }
  });

  it('sends what the Dockerfile copies', () => {
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'src/server.ts', 'src/routes/chat.ts', 'ui/main.ts', 'public/index.html', 'public/styles.css', 'scripts/bundle-server.ts', 'scripts/warm-compile-cache.ts', 'Dockerfile']) {
      expect(isIgnored(patterns, path), path).to.equal(false);
    }
  });
});
