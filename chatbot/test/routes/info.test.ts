import { expect } from 'chai';
import { Readiness } from '../../src/readiness';
import { AppHarness, startApp } from '../support/app-harness';

describe('GET /api/info', () => {
  let app: AppHarness;
  const readiness = new Readiness('no AWS region found: Region is missing; set AWS_REGION');
  before(async () => {
    app = await startApp({ readiness, env: { MAX_MESSAGE_CHARS: '500' } });
  });
  after(() => app.close());

  it('tells the UI the provider, models, limits and why it cannot answer yet, then that it can', async () => {
    const notReady = await fetch(`${app.url}/api/info`);
    expect(notReady.status).to.equal(200, 'the page must learn why, so /api/info answers while not ready');
    expect(notReady.headers.get('cache-control')).to.equal('no-cache');
    expect(await notReady.json()).to.deep.equal({
      provider: 'local',
      offline: true,
      models: ['local-offline'],
      defaultModel: 'local-offline',
      limits: { maxMessages: 50, maxMessageChars: 500, maxTotalChars: 32000 },
      status: 'not-ready',
      reason: 'no AWS region found: Region is missing; set AWS_REGION',
    });
    readiness.markReady();
    const ready = await (await fetch(`${app.url}/api/info`)).json() as Record<string, unknown>;
    expect(ready.status).to.equal('ready');
    expect(ready).not.to.have.property('reason');
  });
});
