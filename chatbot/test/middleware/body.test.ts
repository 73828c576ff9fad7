/**
 * The JSON body reader's content-type rule: only application/json (optionally charset=utf-8) is
 * read. The types a browser may send cross-origin without a CORS preflight (none, text/plain,
 * form-urlencoded, multipart) are refused with 415 before the model is asked anything.
 */
import { request } from 'node:http';
import { expect } from 'chai';
import { LocalProvider } from '../../src/providers/local-provider';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { RecordingProvider } from '../ui/support/recording-provider';

const BODY = JSON.stringify(ask('hello'));

/** A POST with exactly these headers: fetch would add a text/plain type to a string body. */
function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; json: { error?: { code: string; message: string } } }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/chat`, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('middleware/body: content type', () => {
  let app: AppHarness;
  let provider: RecordingProvider;
  beforeEach(async () => {
    provider = new RecordingProvider(new LocalProvider({ delayMs: 0 }));
    app = await startApp({ provider });
  });
  afterEach(() => app.close());

  it('refuses a POST without Content-Type with 415, naming the expected type', async () => {
    const { status, json } = await rawPost(app.url, {}, BODY);
    expect(status).to.equal(415);
    expect(json.error).to.deep.include({
      code: 'unsupported_media_type',
      message: 'Content-Type must be application/json (got none): send the body as JSON with that header',
    });
    expect(provider.requests).to.have.length(0);
  });

  const appUrl = (): string => app.url;
  const refused: Array<[string, () => Promise<Response>, string]> = [
    // fetch's own type for a string body: what a cross-origin page would get without a preflight.
    ['text/plain', () => fetch(`${appUrl()}/api/chat`, { method: 'POST', body: BODY }), '"text/plain"'],
    ['form-urlencoded', () => fetch(`${appUrl()}/api/chat`, { method: 'POST', body: new URLSearchParams({ messages: 'hi' }) }), '"application/x-www-form-urlencoded"'],
    ['multipart', () => {
      const form = new FormData();
      form.append('messages', BODY);
      return fetch(`${appUrl()}/api/chat`, { method: 'POST', body: form });
    }, '"multipart/form-data"'],
    ['JSON in another charset', () => postChat(appUrl(), BODY, { 'Content-Type': 'application/json; charset=iso-8859-1' }), ''],
  ];
  for (const [name, send, got] of refused) {
    it(`refuses ${name} with 415 and a JSON error naming the expected type`, async () => {
      const response = await send();
      expect(response.status).to.equal(415);
      expect(response.headers.get('content-type')).to.match(/^application\/json/);
      const { error } = await response.json() as { error: { code: string; message: string } };
      expect(error.code).to.equal('unsupported_media_type');
      expect(error.message).to.match(got ? /^Content-Type must be application\/json / : /^Content-Type charset must be utf-8 \(got "iso-8859-1"\)/);
      if (got) expect(error.message).to.contain(`(got ${got})`);
      expect(provider.requests).to.have.length(0);
    });
  }

  for (const type of ['application/json', 'application/json;charset=utf-8', 'Application/JSON; charset=UTF-8']) {
    it(`answers a POST with Content-Type ${type}`, async () => {
      const { status } = await rawPost(app.url, { 'Content-Type': type, 'Accept': 'application/json' }, BODY);
      expect(status).to.equal(200);
      expect(provider.requests).to.have.length(1);
    });
  }
});
