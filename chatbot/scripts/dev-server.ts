/**
 * `npm run dev` (and the repository root's `npm run chatbot`): builds the web UI, then runs the
 * service from its TypeScript in this same process.
 *
 * One process under npm: the npm script `exec`s `node --import tsx` on this file, so the
 * SIGTERM or SIGINT that npm forwards (from a terminal, a process manager or CI) reaches the
 * server itself, which drains and exits. Each layer the chain used to have lost it: dash's
 * `sh -c` (npm's script shell) dies without passing it on, projen's task runner does not forward
 * signals to its steps, and the tsx CLI SIGKILLs a child that does not acknowledge one within
 * 30 ms. The server was left running, orphaned, on its port.
 *
 * The caller's environment wins: PORT and HOST as given (src/config.ts defaults them to 8080
 * and 0.0.0.0), and CHAT_PROVIDER=local and NODE_ENV=development only where they are unset.
 */
import { execFileSync } from 'node:child_process';
import { CHATBOT_DIR, esbuildBinary, uiBuildArgs } from './ui-build-command';

/** What development runs on unless the caller says otherwise: the offline provider. */
const DEV_DEFAULTS: Readonly<Record<string, string>> = { CHAT_PROVIDER: 'local', NODE_ENV: 'development' };

/** Builds public/app.js quietly: esbuild prints only warnings and errors (to stderr). */
function buildUi(): void {
  try {
    execFileSync(esbuildBinary(), [...uiBuildArgs(), '--log-level=warning'], { cwd: CHATBOT_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    const status = (err as { status?: number | null }).status;
    // esbuild has printed its errors; otherwise (no binary, no tasks.json) say what failed.
    const why = typeof status === 'number' ? 'see the esbuild errors above' : (err as Error).message;
    console.error(`chatbot: the web UI did not build (${why}); fix ui/ and run npm run dev again`);
    process.exit(1);
  }
}

buildUi();
// Blank counts as unset, as in src/config.ts (a ConfigMap or .env often carries "").
for (const [name, value] of Object.entries(DEV_DEFAULTS)) {
  if (!process.env[name]?.trim()) process.env[name] = value;
}
// After the defaults: the server reads the environment as its module loads.
void import('../src/server');
