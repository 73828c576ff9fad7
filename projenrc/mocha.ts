import { JsonFile, typescript } from 'projen';

/** Where the results reporter writes its counts; `.ci/run` prints its closing line from it. */
export const TEST_RESULTS_FILE = 'test-results.json';

/**
 * mocha + chai instead of jest. Tests are TypeScript run through tsx's loader (no compile step).
 * The reporter is mocha's spec output plus a JSON file of the real counts (test/support/).
 */
export function addMocha(project: typescript.TypeScriptProject): void {
  new JsonFile(project, '.mocharc.json', {
    obj: {
      'extension': ['ts'],
      'node-option': ['import=tsx'],
      // One scratch TMPDIR per run, removed at its end (test/support/scratch-tmpdir.cjs).
      'require': ['./test/support/scratch-tmpdir.cjs'],
      'reporter': './test/support/results-reporter.cjs',
      'reporter-option': [`output=${TEST_RESULTS_FILE}`],
      'timeout': 60_000,
      'slow': 5_000,
      'forbid-only': true,
    },
  });
  // The spec glob lives in the task, not .mocharc.json: mocha adds CLI specs to configured ones,
  // so `npx mocha test/stacks` would otherwise run everything.
  // First what npm cannot install (Chromium, kubectl): one message naming it instead of failed tests.
  project.testTask.reset('tsx test/support/test-prerequisites.ts');
  project.testTask.exec("mocha 'test/**/*.test.ts'");
  project.testTask.description = 'Run every test (mocha + chai): stacks, modules, policy suite, tools';
  project.testTask.env('CHECKPOINT_DISABLE', '1');
}

/**
 * One test command for the whole repository: the root suite, then the chatbot's (its own package).
 * `npm ci` at the root also installs the chatbot (postinstall), so a fresh clone needs no extra step.
 */
export function linkChatbot(root: typescript.TypeScriptProject, chatbot: typescript.TypeScriptProject): void {
  root.testTask.exec('npm test', { cwd: chatbot.outdir.slice(root.outdir.length + 1) });
  // Then the cdktf CLI's native module for this Node (tools/cdktf-native/src/ensure-pty.ts).
  root.package.setScript('postinstall', 'npm ci --prefix chatbot --no-audit --no-fund && tsx tools/cdktf-native/src/ensure-pty.ts');
  root.addTask('chatbot', {
    description: 'Run the chatbot locally on its offline provider (http://localhost:8080)',
    exec: 'npm run dev',
    cwd: 'chatbot',
  });
  // `npm run chatbot` must stop the server on SIGTERM/SIGINT: projen's task runner and dash's
  // `sh -c` do not forward signals (the server was orphaned). npm runs the chatbot's dev script
  // itself, and `exec` replaces the shell, so the chain is npm -> npm -> node.
  root.package.setScript('chatbot', 'cd chatbot && exec npm run dev');
}
