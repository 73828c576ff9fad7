import { expect } from 'chai';
import { createLogger } from '../src/logger';
import { drainAndClose } from '../src/shutdown';
import { AppHarness, ask, postChat, startApp } from './support/app-harness';
import { SlowProvider } from './support/fake-providers';
import { readSse } from './support/sse';
import { waitFor } from './support/wait-for';

const logger = createLogger({ level: 'silent' });

describe('graceful shutdown', () => {
  let app: AppHarness;
  afterEach(() => app.close());

  it('refuses new work while draining and ends streams that outlive the drain timeout with shutting_down', async () => {
    // 1,000 words at 20 ms: far longer than the 400 ms drain timeout.
    app = await startApp({ provider: new SlowProvider(20) });
    const stream = readSse(await postChat(app.url, ask('a long story')));
    expect((await stream.next()).value?.event).to.equal('delta');

    const started = Date.now();
    const drained = drainAndClose({ server: app.server, lifecycle: app.lifecycle, logger, drainTimeoutMs: 400, graceMs: 500 });

    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).to.equal(503);
    expect(await ready.json()).to.deep.equal({ status: 'draining' });
    expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
    const refused = await postChat(app.url, ask('hi'), { Accept: 'application/json' });
    expect(refused.status).to.equal(503);
    expect(refused.headers.get('connection')).to.equal('close');
    expect((await refused.json()).error.code).to.equal('shutting_down');

    let last;
    for await (const event of stream) last = event;
    expect(last).to.deep.equal({
      event: 'error',
      data: { code: 'shutting_down', message: 'The server is restarting. Please send your message again.', retryable: true },
    });
    await drained;
    const elapsed = Date.now() - started;
    expect(elapsed).to.be.at.least(380).and.below(2000);
    expect(app.server.listening).to.equal(false);
  });

  it('lets a stream that finishes within the drain timeout end normally', async () => {
    // 10 words at 30 ms: about 300 ms, inside the 5 s drain timeout.
    app = await startApp({ provider: new SlowProvider(30, 10) });
    const stream = readSse(await postChat(app.url, ask('short')));
    expect((await stream.next()).value?.event).to.equal('delta');
    const started = Date.now();
    const drained = drainAndClose({ server: app.server, lifecycle: app.lifecycle, logger, drainTimeoutMs: 5000 });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.event)).to.deep.equal([...Array(9).fill('delta'), 'done']);
    await drained;
    // It closed as soon as the stream ended, not at the drain timeout.
    expect(Date.now() - started).to.be.below(2000);
    expect(app.server.listening).to.equal(false);
  });

  it('closes at once when nothing is open', async () => {
    app = await startApp();
    await (await fetch(`${app.url}/healthz`)).text(); // leaves an idle keep-alive connection
    const started = Date.now();
    await drainAndClose({ server: app.server, lifecycle: app.lifecycle, logger, drainTimeoutMs: 5000 });
    expect(Date.now() - started).to.be.below(1000);
    await waitFor(() => !app.server.listening);
  });
});
