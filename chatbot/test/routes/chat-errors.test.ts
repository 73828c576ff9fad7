import { expect } from 'chai';
import { ChatProviderError } from '../../src/providers/chat-provider';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { ChatEvent, ScriptedProvider } from '../support/fake-providers';
import { parseSse } from '../support/sse';

/** A provider that streams one delta, then fails with `error`. */
function failingAfterOneDelta(error: Error): ScriptedProvider {
  return new ScriptedProvider(async function* (): AsyncIterable<ChatEvent> {
    yield { type: 'delta', text: 'partial ' };
    throw error;
  });
}

describe('POST /api/chat when the model fails', () => {
  const cases: Array<[string, Error, number, string, boolean]> = [
    ['throttling', new ChatProviderError('throttled', 'ThrottlingException: rate exceeded for arn:aws:bedrock:...', true), 503, 'throttled', true],
    ['a timeout', new ChatProviderError('upstream_timeout', 'no first token in 10000 ms', true), 504, 'upstream_timeout', true],
    ['a model error', new ChatProviderError('model_error', 'ValidationException', false), 502, 'model_error', true],
    ['a guardrail block', new ChatProviderError('content_filtered', 'guardrail', false), 422, 'content_filtered', false],
    ['a bug in the provider', new TypeError("Cannot read properties of undefined (reading 'x')"), 500, 'internal', true],
  ];

  for (const [what, error, status, code, retryable] of cases) {
    describe(`with ${what}`, () => {
      let app: AppHarness;
      before(async () => {
        app = await startApp({ provider: failingAfterOneDelta(error) });
      });
      after(() => app.close());

      it(`ends the stream with an error event ${code}, without upstream details`, async () => {
        const response = await postChat(app.url, ask('hi'));
        expect(response.status).to.equal(200);
        const events = parseSse(await response.text());
        expect(events.map((event) => event.event)).to.deep.equal(['delta', 'error']);
        const data = events[1]!.data;
        expect(data.code).to.equal(code);
        expect(data.retryable).to.equal(retryable);
        expect(data.message).to.be.a('string').and.not.equal('');
        expect(data.message).not.to.contain(error.message);
      });

      it(`answers JSON clients with ${status}`, async () => {
        const response = await postChat(app.url, ask('hi'), { Accept: 'application/json' });
        expect(response.status).to.equal(status);
        const body = await response.json();
        expect(body.error.code).to.equal(code);
        expect(body.error.requestId).to.equal(response.headers.get('x-request-id'));
        expect(JSON.stringify(body)).not.to.contain(error.message);
      });
    });
  }
});
