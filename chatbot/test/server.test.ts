/**
 * The real process, as `npm run dev` starts it: `tsx src/server.ts` on the offline provider. It
 * must become ready, answer a chat, and exit 0 on SIGTERM.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { expect } from 'chai';
import { ask, postChat } from './support/app-harness';
import { freePort, waitUntilReady } from '../scripts/server-process';
import { parseSse } from './support/sse';

const CHATBOT_DIR = join(__dirname, '..');

describe('server process (tsx src/server.ts)', function () {
  this.timeout(60000);
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('starts on the offline provider, answers a chat, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    let output = '';
    child = spawn(join(CHATBOT_DIR, 'node_modules', '.bin', 'tsx'), ['src/server.ts'], {
      cwd: CHATBOT_DIR,
      env: { ...process.env, CHAT_PROVIDER: 'local', PORT: String(port), HOST: '127.0.0.1', OTEL_SDK_DISABLED: 'true', LOCAL_PROVIDER_DELAY_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(url, child, () => output);

    const events = parseSse(await (await postChat(url, ask('hello'))).text());
    expect(events[events.length - 1]!.event).to.equal('done');
    expect(events[events.length - 1]!.data.model).to.equal('local-offline');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).to.deep.equal({ code: 0, signal: null }, output);
    expect(output).to.contain('"msg":"server closed"');
  });

  it('refuses to start with a clear message when the configuration is invalid', async () => {
    let output = '';
    child = spawn(join(CHATBOT_DIR, 'node_modules', '.bin', 'tsx'), ['src/server.ts'], {
      cwd: CHATBOT_DIR,
      env: { ...process.env, CHAT_PROVIDER: 'bedrock', BEDROCK_PRIMARY_MODEL_ID: '', OTEL_SDK_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).to.equal(1);
    expect(output).to.contain('chatbot: invalid configuration: BEDROCK_PRIMARY_MODEL_ID is required when CHAT_PROVIDER=bedrock');
  });
});
