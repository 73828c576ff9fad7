/**
 * While the service is not ready (no AWS credentials yet, say), a chat is refused at once with
 * 503 `not_ready` and the reason, whatever the client accepts, and the model is never called;
 * once ready, chats are answered.
 */
import { expect } from 'chai';
import { LocalProvider } from '../../src/providers/local-provider';
import { Readiness } from '../../src/readiness';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { parseSse } from '../support/sse';
import { RecordingProvider } from '../ui/support/recording-provider';

const REASON = 'no AWS credentials found: Could not load credentials from any providers; set AWS_PROFILE (see chatbot/README.md)';

describe('middleware/require-ready', () => {
  let app: AppHarness;
  let provider: RecordingProvider;
  let readiness: Readiness;
  beforeEach(async () => {
    provider = new RecordingProvider(new LocalProvider({ delayMs: 0 }));
    readiness = new Readiness(REASON);
    // One request per client allowed: a refusal must not use it up.
    app = await startApp({ provider, readiness, env: { RATE_LIMIT_BURST: '1', RATE_LIMIT_PER_MINUTE: '1' } });
  });
  afterEach(() => app.close());

  for (const accept of ['text/event-stream', 'application/json']) {
    it(`refuses a chat with 503 not_ready and the reason (Accept: ${accept}), without calling the model`, async () => {
      const response = await postChat(app.url, ask('hello'), { Accept: accept });
      expect(response.status).to.equal(503);
      expect(response.headers.get('retry-after')).to.equal('5');
      const { error } = await response.json() as { error: { code: string; message: string; requestId: string } };
      expect(error).to.deep.equal({ code: 'not_ready', message: `The chatbot cannot answer yet: ${REASON}`, requestId: response.headers.get('x-request-id') });
      expect(provider.requests).to.have.length(0);
    });
  }

  it('answers once the service is ready, and the refusals did not use up the rate limit', async () => {
    await postChat(app.url, ask('hello'));
    readiness.markReady();
    const response = await postChat(app.url, ask('hello'));
    expect(response.status).to.equal(200);
    expect(parseSse(await response.text()).at(-1)?.event).to.equal('done');
    expect(provider.requests).to.have.length(1);
  });
});
