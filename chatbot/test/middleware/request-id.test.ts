import { expect } from 'chai';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';

describe('request id', () => {
  let app: AppHarness;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('echoes a well-formed X-Request-Id', async () => {
    const response = await fetch(`${app.url}/healthz`, { headers: { 'X-Request-Id': 'abc-123.def:456' } });
    expect(response.headers.get('x-request-id')).to.equal('abc-123.def:456');
  });

  it('replaces a malformed one with a fresh UUID', async () => {
    const response = await fetch(`${app.url}/healthz`, { headers: { 'X-Request-Id': 'bad id\twith "quotes"' } });
    expect(response.headers.get('x-request-id')).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives each request its own id and quotes it in error bodies', async () => {
    const first = await postChat(app.url, 'nope');
    const second = await postChat(app.url, ask('hi'), { Accept: 'application/json' });
    const id = first.headers.get('x-request-id');
    expect(id).to.be.a('string').and.not.equal(second.headers.get('x-request-id'));
    expect((await first.json()).error.requestId).to.equal(id);
  });
});
