import { expect } from 'chai';
import { composeAnswer } from '../../src/providers/local-provider';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { SlowProvider } from '../support/fake-providers';
import { parseSse, readSse } from '../support/sse';
import { waitFor } from '../support/wait-for';

describe('POST /api/chat', () => {
  describe('with the offline provider', () => {
    let app: AppHarness;
    before(async () => {
      app = await startApp();
    });
    after(() => app.close());

    it('streams delta events then one done event with model, fallback, usage and latencyMs', async () => {
      const response = await postChat(app.url, ask('What is **Koa**?'));
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).to.equal('no-cache, no-transform');
      expect(response.headers.get('x-accel-buffering')).to.equal('no');
      const events = parseSse(await response.text());
      const deltas = events.slice(0, -1);
      expect(deltas.length).to.be.greaterThan(10);
      expect(deltas.every((event) => event.event === 'delta' && typeof event.data.text === 'string')).to.equal(true);
      expect(deltas.map((event) => event.data.text).join('')).to.equal(composeAnswer([{ role: 'user', content: 'What is **Koa**?' }]));
      const done = events[events.length - 1]!;
      expect(done.event).to.equal('done');
      expect(done.data).to.include({ model: 'local-offline', fallback: false, finishReason: 'end_turn' });
      expect(done.data.usage).to.deep.equal({ inputTokens: 3, outputTokens: deltas.length, totalTokens: 3 + deltas.length });
      expect(done.data.latencyMs).to.be.a('number').and.at.least(0);
    });

    it('says in the answer that it is the offline provider', async () => {
      const text = parseSse(await (await postChat(app.url, ask('hi'))).text()).map((event) => event.data.text ?? '').join('');
      expect(text).to.match(/^\*\*Offline provider\*\* \(`local-offline`\)/);
    });

    it('answers one JSON object for Accept: application/json', async () => {
      const response = await postChat(app.url, ask('hello'), { Accept: 'application/json' });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('application/json; charset=utf-8');
      const body = await response.json();
      expect(body.text).to.equal(composeAnswer([{ role: 'user', content: 'hello' }]));
      expect(body).to.include({ model: 'local-offline', fallback: false });
      expect(body.usage.outputTokens).to.be.greaterThan(10);
      expect(body.latencyMs).to.be.a('number');
    });

    it('streams when the client accepts both and prefers the stream', async () => {
      const response = await postChat(app.url, ask('hello'), { Accept: 'text/event-stream, application/json;q=0.5' });
      expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
      await response.text();
    });

    it('negotiates each Accept value on its own, however often and in whatever order they come', async () => {
      // An app of its own, with room in the rate limit for every request here.
      const roomy = await startApp({ env: { RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_BURST: '100' } });
      const cases: Array<[string, RegExp]> = [
        ['application/json', /^application\/json/],
        ['text/event-stream', /^text\/event-stream/],
        ['application/json;q=0.9, text/event-stream', /^text\/event-stream/],
        ['text/event-stream;q=0.1, application/json', /^application\/json/],
        ['*/*', /^text\/event-stream/],
        ['application/json', /^application\/json/],
        ['text/event-stream', /^text\/event-stream/],
      ];
      try {
        for (const [accept, type] of [...cases, ...cases]) {
          const response = await postChat(roomy.url, ask('hi'), { Accept: accept });
          expect(response.status, accept).to.equal(200);
          expect(response.headers.get('content-type'), accept).to.match(type);
          await response.text();
        }
      } finally {
        await roomy.close();
      }
    });

    it('gives the same answer to the same conversation', async () => {
      const body = { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }] };
      const first = await (await postChat(app.url, body, { Accept: 'application/json' })).json();
      const second = await (await postChat(app.url, body, { Accept: 'application/json' })).json();
      expect(first.text).to.equal(second.text);
      expect(first.text).to.contain('3 messages so far, 2 from you');
    });

    it('tells the UI that the provider is offline, with its models and limits', async () => {
      const info = await (await fetch(`${app.url}/api/info`)).json();
      expect(info).to.deep.equal({
        provider: 'local',
        offline: true,
        models: ['local-offline'],
        defaultModel: 'local-offline',
        limits: { maxMessages: 50, maxMessageChars: 8000, maxTotalChars: 32000 },
        status: 'ready',
      });
    });
  });

  describe('with a slow model', () => {
    let app: AppHarness;
    let provider: SlowProvider;
    before(async () => {
      provider = new SlowProvider(20);
      app = await startApp({ provider, heartbeatMs: 30 });
    });
    after(() => app.close());

    it('aborts the upstream call when the client disconnects mid-answer', async () => {
      const client = new AbortController();
      const response = await postChat(app.url, ask('long answer please'), {}, client.signal);
      const events = readSse(response);
      const first = await events.next();
      expect(first.value?.event).to.equal('delta');
      client.abort();
      await provider.whenAborted();
      const request = provider.requests[provider.requests.length - 1]!;
      expect(request.signal.aborted).to.equal(true);
      expect(request.signal.reason?.name).to.equal('ClientDisconnected');
      // The service lets go of the answer, so shutdown would not wait for it.
      await waitFor(() => app.lifecycle.openAnswers === 0);
    });

    it('aborts the upstream call when a JSON-mode client disconnects', async () => {
      const client = new AbortController();
      const pending = postChat(app.url, ask('long'), { Accept: 'application/json' }, client.signal).catch((err: Error) => err);
      await waitFor(() => provider.requests.length > 0 && !provider.requests[provider.requests.length - 1]!.signal.aborted);
      client.abort();
      expect(await pending).to.be.instanceOf(Error);
      await provider.whenAborted();
      expect(provider.requests[provider.requests.length - 1]!.signal.reason?.name).to.equal('ClientDisconnected');
    });

    it('sends keep-alive comments while the model is quiet', async () => {
      const quiet = new SlowProvider(200, 1);
      const quietApp = await startApp({ provider: quiet, heartbeatMs: 40 });
      try {
        const text = await (await postChat(quietApp.url, ask('hi'))).text();
        const events = parseSse(text);
        expect(events.filter((event) => event.event === 'comment').length).to.be.at.least(2);
        expect(events[events.length - 1]!.event).to.equal('done');
      } finally {
        await quietApp.close();
      }
    });
  });
});
