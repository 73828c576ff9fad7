/**
 * The real process on Bedrock (src/server.ts, with the SDK's real credential chain, loopback
 * only) while its credentials do not exist yet: it starts and stays alive, `/readyz` and the UI's
 * `/api/info` say why it cannot answer, chats are refused with that reason without a model
 * call, and the log has one warn line. Then the Pod Identity agent comes up (late, as on a node
 * where it starts after the pod): the background check finds the credentials, the process turns
 * ready, and the next chat goes to the model signed with them.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { freePort } from '../scripts/server-process';
import { ask, postChat } from './support/app-harness';
import { awsSandbox, environmentWithoutAws } from './support/aws-sandbox-env';
import { FakeBedrock } from './support/fake-bedrock';
import { answer } from './support/fake-bedrock-scenarios';
import { AGENT_CREDENTIALS, FakePodIdentityAgent } from './support/fake-pod-identity-agent';
import { parseSse } from './support/sse';

const CHATBOT_DIR = join(__dirname, '..');
const MODEL = 'eu.amazon.nova-micro-v1:0';

/** Polls `url` until `accept` holds for its JSON answer; fails with the process output. */
async function pollJson(
  url: string,
  accept: (status: number, body: Record<string, unknown>) => boolean,
  output: () => string,
  timeoutMs = 20000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const response = await fetch(url).catch(() => undefined);
    if (response) {
      const body = await response.json() as Record<string, unknown>;
      if (accept(response.status, body)) return body;
      last = `${response.status} ${JSON.stringify(body)}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}: still ${last} after ${timeoutMs / 1000} s\n${output()}`);
}

describe('server process on Bedrock, before and after its AWS credentials exist', function () {
  this.timeout(60000);
  let child: ChildProcess | undefined;
  let fake: FakeBedrock | undefined;
  let agent: FakePodIdentityAgent | undefined;
  const sandbox = awsSandbox();
  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await agent?.close();
    await fake?.close();
    rmSync(sandbox.dir, { recursive: true, force: true });
  });

  it('is alive but not ready, says why, refuses chats without calling the model, then turns ready when credentials appear', async () => {
    fake = await FakeBedrock.start();
    fake.script(MODEL, answer(['Hello', ' from Bedrock.']));
    const [port, agentPort] = [await freePort(), await freePort()];
    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: CHATBOT_DIR,
      env: {
        ...environmentWithoutAws(),
        ...sandbox.env,
        CHAT_PROVIDER: 'bedrock',
        BEDROCK_PRIMARY_MODEL_ID: MODEL,
        AWS_REGION: 'eu-west-1',
        BEDROCK_ENDPOINT: fake.url,
        // Where the EKS Pod Identity agent would be; nothing listens there yet.
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${agentPort}/v1/credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: 'pod-identity-token',
        PORT: String(port),
        HOST: '127.0.0.1',
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: 'info',
        NODE_NO_WARNINGS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    const logs = (): Array<Record<string, unknown>> => output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);

    const notReady = await pollJson(`${url}/readyz`, (status, body) => status === 503 && String(body.reason).startsWith('no AWS credentials found'), () => output);
    expect(notReady).to.deep.equal({
      status: 'not-ready',
      reason: 'no AWS credentials found: Could not load credentials from any providers; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; '
        + 'in EKS, check the chatbot\'s Pod Identity association (see chatbot/README.md)',
    });
    expect((await fetch(`${url}/healthz`)).status).to.equal(200);
    expect(await (await fetch(`${url}/api/info`)).json()).to.deep.include({ provider: 'bedrock', status: 'not-ready', reason: notReady.reason });
    const refused = await postChat(url, ask('hello'));
    expect(refused.status).to.equal(503);
    expect((await refused.json()).error).to.include({ code: 'not_ready', message: `The chatbot cannot answer yet: ${notReady.reason}` });
    expect(fake.requests).to.have.length(0, 'no model call while not ready');
    const warnings = logs().filter((line) => line.level === 'warn');
    expect(warnings.map((line) => line.msg)).to.deep.equal([`not ready: ${notReady.reason}`]);

    agent = await FakePodIdentityAgent.start(agentPort);
    await pollJson(`${url}/readyz`, (status) => status === 200, () => output);
    expect(logs().filter((line) => line.msg === 'ready: the model provider can answer')).to.have.length(1);
    expect(logs().filter((line) => line.level === 'warn')).to.have.length(1, 'one warn line for the whole wait');

    const events = parseSse(await (await postChat(url, ask('hello'))).text());
    expect(events.filter((event) => event.event === 'delta').map((event) => event.data.text).join('')).to.equal('Hello from Bedrock.');
    expect(fake.requests[0]!.headers.authorization).to.match(new RegExp(`^AWS4-HMAC-SHA256 Credential=${AGENT_CREDENTIALS.accessKeyId}/`));

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect((await exited)[0]).to.equal(0);
  });
});
