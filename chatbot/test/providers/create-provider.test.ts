import { expect } from 'chai';
import { BedrockProvider } from '../../src/providers/bedrock-provider';
import { createProvider } from '../../src/providers/create-provider';
import { LocalProvider } from '../../src/providers/local-provider';
import { startApp, testConfig, type AppHarness } from '../support/app-harness';
import { FakeBedrock } from '../support/fake-bedrock';
import { answer } from '../support/fake-bedrock-scenarios';
import { parseSse } from '../support/sse';

const PRIMARY = 'us.amazon.nova-micro-v1:0';
const FALLBACK = 'us.amazon.nova-lite-v1:0';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('providers/create-provider', () => {
  it('builds the offline provider for CHAT_PROVIDER=local', () => {
    expect(createProvider(testConfig())).to.be.instanceOf(LocalProvider);
  });

  describe('CHAT_PROVIDER=bedrock, end to end through the app and the real SDK', () => {
    let fake: FakeBedrock;
    let harness: AppHarness;
    const saved: Record<string, string | undefined> = {};

    before(async () => {
      // The SDK's default credential chain reads these (config.ts does not: credentials are not config).
      for (const [key, value] of Object.entries(CREDENTIALS)) {
        saved[key] = process.env[key];
        process.env[key] = value;
      }
      fake = await FakeBedrock.start();
      const env = { CHAT_PROVIDER: 'bedrock', AWS_REGION: 'us-east-1', BEDROCK_PRIMARY_MODEL_ID: PRIMARY, BEDROCK_FALLBACK_MODEL_ID: FALLBACK, BEDROCK_ENDPOINT: fake.url };
      const provider = createProvider(testConfig(env));
      expect(provider).to.be.instanceOf(BedrockProvider);
      harness = await startApp({ env, provider });
    });

    after(async () => {
      await harness?.close();
      await fake?.close();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });

    it('streams the primary model answer as SSE, signed with SigV4', async () => {
      fake.script(PRIMARY, answer(['Paris', ' is the capital.']));
      const response = await fetch(`${harness.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Capital of France?' }] }),
      });
      expect(response.status).to.equal(200);
      const events = parseSse(await response.text());
      const text = events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('');
      expect(text).to.equal('Paris is the capital.');
      const done = events.find((e) => e.event === 'done')!.data;
      expect(done).to.include({ model: PRIMARY, fallback: false });
      const [request] = fake.requestsFor(PRIMARY).slice(-1);
      expect(String(request.headers.authorization)).to.match(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    });
  });
});
