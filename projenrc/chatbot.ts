import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { javascript, JsonFile, TextFile, typescript } from 'projen';
import { TypeScriptRunner } from 'projen/lib/typescript';
import { MIN_NODE_VERSION } from './node-runtime';

/** The chatbot's TypeScript folders (relative to chatbot/): its tsconfig covers them, the root's eslint lints them. */
const CHATBOT_TS_DIRS = ['src', 'test', 'bench', 'ui', 'scripts'];
/**
 * Of those, the ones that may import devDependencies: tests, the benchmark, and the build and dev
 * scripts (they run in the image's build stage, after a full `npm ci`, or on a developer's machine;
 * the runtime image holds only the esbuild bundle of src/). ui/ is shipped code: its one
 * devDependency import (markdown-it, bundled into public/app.js) says so where it is made.
 */
const CHATBOT_DEV_DIRS = ['test', 'bench', 'scripts'];

/**
 * The chatbot: a projen subproject with its own package.json, lock file, tests and Dockerfile, so
 * its image installs only what the service needs. It needs Node >= 22.12 (Node 20 is end of life;
 * AWS SDK releases from January 2027 need 22) and the image runs the current LTS, Node 26
 * (chatbot/Dockerfile `NODE_IMAGE`). OpenTelemetry stays on the line it was pinned to when the
 * code still had to run on Node 20 (0.223 / 2.12): it supports Node 22 and 26 too, so it moves
 * when there is a reason to, not with the Node bump; later lines need Node >= 22.15, so moving
 * them means raising minNodeVersion with them. The stable packages (sdk-metrics, resources) are pinned to the exact release the 0.223
 * exporters depend on (2.12.0): with a newer patch npm nests a second and third copy of
 * sdk-metrics, resources and core under the exporters.
 */
export function addChatbot(root: typescript.TypeScriptProject): typescript.TypeScriptProject {
  const chatbot = new typescript.TypeScriptProject({
    parent: root,
    outdir: 'chatbot',
    name: 'chatbot',
    description: 'Koa Q&A chatbot on Amazon Bedrock: streaming answers, fallback model, OpenTelemetry GenAI traces, web UI',
    defaultReleaseBranch: 'main',
    packageManager: javascript.NodePackageManager.NPM,
    minNodeVersion: MIN_NODE_VERSION,
    typescriptVersion: '5.9.3',
    runner: TypeScriptRunner.tsx(),
    disableTsconfigDev: true,
    jest: false,
    eslint: false,
    prettier: false,
    sampleCode: false,
    release: false,
    buildWorkflow: false,
    depsUpgrade: false,
    package: false,
    licensed: false,
    deps: [
      'koa@3.3.0',
      '@koa/router@15.7.0',
      'pino@10.4.0',
      '@aws-sdk/client-bedrock-runtime@3.1163.0',
      // The daily token budget's shared counter (src/spend/). The same release as the Bedrock
      // client, so both share one copy of @aws-sdk/core and @smithy/* in the bundle.
      '@aws-sdk/client-dynamodb@3.1163.0',
      '@opentelemetry/api@1.9.0',
      '@opentelemetry/sdk-trace-node@2.12.0',
      '@opentelemetry/exporter-trace-otlp-http@0.223.0',
      '@opentelemetry/exporter-metrics-otlp-http@0.223.0',
      '@opentelemetry/sdk-metrics@2.12.0',
      '@opentelemetry/resources@2.12.0',
      '@opentelemetry/semantic-conventions@1.45.0',
    ],
    devDeps: [
      '@types/node@^22',
      '@types/koa@3.0.3',
      'mocha@11.7.5',
      '@types/mocha@10.0.10',
      'chai@5.3.2',
      '@types/chai@5.2.3',
      '@smithy/eventstream-codec@4.5.2',
      '@smithy/util-utf8@4.5.2',
      'markdown-it@15.0.3',
      '@types/markdown-it@14.2.0',
      'esbuild@0.28.2',
      // Runs the TypeScript in development and tests; the image runs the esbuild bundle instead.
      'tsx@4.23.15',
      'playwright-core@1.65.1',
      // The benchmark reads the pod's memory limit from gitops/ (bench/memory-cgroup.ts).
      'yaml@2.9.1',
    ],
    tsconfig: {
      compilerOptions: { lib: ['es2022', 'dom'], target: 'ES2022' },
      include: CHATBOT_TS_DIRS.map((dir) => `${dir}/**/*.ts`),
    },
  });
  // One copy of mime-types (and its 150 KB mime-db) instead of three: koa 3 and type-is want 3.x,
  // koa's `accepts` 1.3 still asks for 2.x (it only calls `lookup`, unchanged in 3.x), and npm
  // cannot share one nested copy between the first two. Each copy costs start time and heap in
  // the bundle; test/container/bundle.test.ts checks that the bundle holds no package twice.
  chatbot.package.addPackageResolutions('mime-types@3.0.2');
  chatbot.gitignore.exclude('test-results.json', 'public/app.js', 'public/app.js.map', 'dist/');
  const tsconfig = chatbot.tsconfig!;
  tsconfig.file.addOverride('compilerOptions.noEmit', true);
  tsconfig.file.addOverride('compilerOptions.rootDir', '.');
  tsconfig.file.addOverride('compilerOptions.outDir', undefined);
  tsconfig.file.addOverride('compilerOptions.declaration', false);
  tsconfig.file.addOverride('compilerOptions.skipLibCheck', true);

  new JsonFile(chatbot, '.mocharc.json', {
    obj: {
      'extension': ['ts'],
      'node-option': ['import=tsx'],
      // The root's reporter: one implementation of the counts .ci/run reads, for both suites.
      'reporter': '../test/support/results-reporter.cjs',
      'reporter-option': ['output=test-results.json'],
      'timeout': 30_000,
      'slow': 2_000,
      'forbid-only': true,
    },
  });

  const uiBuild = chatbot.addTask('ui:build', {
    description: 'Bundle the web UI (ui/) into public/app.js with esbuild',
    exec: 'esbuild ui/main.ts --bundle --minify --sourcemap --target=es2020 --outfile=public/app.js',
  });
  const typecheck = chatbot.addTask('typecheck', { description: 'tsc --noEmit', exec: 'tsc --noEmit -p tsconfig.json' });
  chatbot.compileTask.reset();
  chatbot.compileTask.spawn(uiBuild);
  chatbot.compileTask.spawn(typecheck);
  chatbot.testTask.reset();
  chatbot.testTask.spawn(uiBuild);
  chatbot.testTask.exec("mocha 'test/**/*.test.ts'");
  chatbot.testTask.description = 'Build the UI and run the chatbot tests (mocha + chai)';
  // The dev server builds the UI and runs src/server.ts in one process (scripts/dev-server.ts),
  // and the npm script `exec`s it, so SIGTERM/SIGINT from npm reach the server: the task runner
  // (`projen dev`) and dash's `sh -c` do not forward signals, and left the server orphaned. No
  // `env` here: task env overrides the caller's, and PORT, HOST and CHAT_PROVIDER are theirs.
  const devServer = 'node --import tsx scripts/dev-server.ts';
  chatbot.addTask('dev', {
    description: 'Build the UI and run the chatbot locally (offline provider unless CHAT_PROVIDER is set; PORT and HOST from the environment, default http://localhost:8080)',
    exec: devServer,
  });
  chatbot.package.setScript('dev', `exec ${devServer}`);
  // What the image runs: one esbuild bundle, started with plain node (no tsx, no node_modules).
  const bundle = chatbot.addTask('bundle', {
    description: 'Bundle the service into dist/server.js with esbuild (what the container runs)',
    exec: 'tsx scripts/bundle-server.ts',
  });
  chatbot.addTask('start', {
    description: 'Bundle, then run the chatbot as the container does, with the configuration from the environment',
    exec: 'node dist/server.js',
  }).prependSpawn(bundle);
  chatbot.addTask('bench', {
    description: 'Load benchmark on loopback (prints TTFT, throughput, RSS, start time)',
    exec: 'tsx bench/load.bench.ts',
  }).prependSpawn(bundle);
  addMetricContractCopy(chatbot);
  lintChatbot(root, chatbot);
  return chatbot;
}

/**
 * The house lint covers the chatbot too: the root's `eslint` task (the build workflow's Lint step)
 * gets the chatbot's folders, with the root's rules and plugins, so the chatbot's package.json
 * needs no eslint toolchain of its own. Type information comes from chatbot/tsconfig.json: the
 * root config uses typescript-eslint's project service, which parses each file with the nearest
 * tsconfig.json that includes it. no-extraneous-dependencies reads the nearest package.json, so
 * chatbot imports are checked against the chatbot's own dependencies.
 */
function lintChatbot(root: typescript.TypeScriptProject, chatbot: typescript.TypeScriptProject): void {
  const eslint = root.eslint;
  if (!eslint) throw new Error('lintChatbot: the root project has eslint turned off');
  const outdir = path.relative(root.outdir, chatbot.outdir);
  for (const dir of CHATBOT_TS_DIRS) eslint.addLintPattern(`${outdir}/${dir}`);
  for (const dir of CHATBOT_DEV_DIRS) eslint.allowDevDeps(`**/${outdir}/${dir}/**`);
}

/** The metric contract, in the root project (the alarms, dashboard and collector config use it there). */
export const METRIC_CONTRACT_SOURCE = 'modules/observability/chatbot-metric-contract.ts';
/** Its read-only copy inside the chatbot, relative to chatbot/. */
export const METRIC_CONTRACT_COPY = 'src/telemetry/metric-contract.generated.ts';

/**
 * The chatbot's copy of the metric contract: its image is built from chatbot/ alone, so it cannot
 * import the root's file. The copy is the source's text under a generated-file header, so the build
 * workflow's projen drift check fails when the two differ (the source changed without
 * `npx projen`, or the copy was edited by hand). The contract has no imports, so it compiles there.
 */
function addMetricContractCopy(chatbot: typescript.TypeScriptProject): void {
  const source = readFileSync(path.join(chatbot.root.outdir, METRIC_CONTRACT_SOURCE), 'utf8');
  new TextFile(chatbot, METRIC_CONTRACT_COPY, {
    lines: [
      `// ~~ Generated by projen from ${METRIC_CONTRACT_SOURCE}. To modify, edit that file and run "npx projen".`,
      ...source.replace(/\n$/, '').split('\n'),
      '',
    ],
  });
}
