import { expect } from 'chai';
import { loadConfig } from '../src/config';
import { configError } from './support/config-error';

const BEDROCK = { CHAT_PROVIDER: 'bedrock', BEDROCK_PRIMARY_MODEL_ID: 'us.amazon.nova-micro-v1:0', AWS_REGION: 'us-east-1' };

describe('config', () => {
  it('defaults to the offline provider when no Bedrock model is configured', () => {
    const config = loadConfig({});
    expect(config.provider).to.equal('local');
    expect(config.port).to.equal(8080);
    expect(config.host).to.equal('0.0.0.0');
    expect(config.limits).to.deep.equal({ bodyLimitBytes: 65536, maxMessages: 50, maxMessageChars: 8000, maxTotalChars: 32000 });
    expect(config.rateLimit).to.deep.equal({ perMinute: 30, burst: 10 });
    expect(config.corsOrigins).to.deep.equal([]);
    expect(config.drainTimeoutMs).to.equal(25000);
    expect(config.telemetry).to.deep.equal({ enabled: true, endpoint: undefined, serviceName: 'chatbot' });
  });

  it('defaults to Bedrock once BEDROCK_PRIMARY_MODEL_ID is set, with every Bedrock setting', () => {
    const config = loadConfig({
      BEDROCK_PRIMARY_MODEL_ID: 'model-a',
      BEDROCK_FALLBACK_MODEL_ID: 'model-b',
      AWS_REGION: 'eu-west-1',
      BEDROCK_GUARDRAIL_ID: 'gr-1',
      BEDROCK_GUARDRAIL_VERSION: '2',
      BEDROCK_TEMPERATURE: '0.7',
      BEDROCK_MAX_TOKENS: '512',
      BEDROCK_ENDPOINT: 'http://127.0.0.1:9999',
      UPSTREAM_MAX_RETRIES: '0',
      CHAT_SYSTEM_PROMPT: 'Be brief.',
    });
    expect(config.provider).to.equal('bedrock');
    expect(config.bedrock).to.deep.equal({
      region: 'eu-west-1',
      primaryModelId: 'model-a',
      fallbackModelId: 'model-b',
      endpoint: 'http://127.0.0.1:9999',
      systemPrompt: 'Be brief.',
      maxTokens: 512,
      temperature: 0.7,
      guardrail: { id: 'gr-1', version: '2' },
      firstTokenTimeoutMs: 10000,
      totalTimeoutMs: 60000,
      maxRetries: 0,
    });
  });

  it('leaves the region to the SDK without AWS_REGION (the profile\'s region; readiness reports none)', () => {
    expect(loadConfig({ CHAT_PROVIDER: 'bedrock', BEDROCK_PRIMARY_MODEL_ID: 'm' }).bedrock?.region).to.equal(undefined);
    expect(loadConfig({ CHAT_PROVIDER: 'bedrock', BEDROCK_PRIMARY_MODEL_ID: 'm', AWS_DEFAULT_REGION: 'eu-west-1' }).bedrock?.region).to.equal('eu-west-1');
  });

  it('treats blank values as unset (ConfigMaps often carry "")', () => {
    expect(loadConfig({ PORT: '', CHAT_PROVIDER: ' ', BEDROCK_PRIMARY_MODEL_ID: '' }).provider).to.equal('local');
  });

  it('reads CORS origins, trusted proxies and telemetry settings', () => {
    const config = loadConfig({
      CORS_ORIGIN: 'https://chat.example.com, http://localhost:5173',
      TRUSTED_PROXY_CIDRS: '10.1.0.0/16,::1/128',
      OTEL_SDK_DISABLED: 'TRUE',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_SERVICE_NAME: 'chat-dev',
    });
    expect(config.corsOrigins).to.deep.equal(['https://chat.example.com', 'http://localhost:5173']);
    expect(config.trustedProxyCidrs).to.deep.equal(['10.1.0.0/16', '::1/128']);
    expect(config.telemetry).to.deep.equal({ enabled: false, endpoint: 'http://collector:4318', serviceName: 'chat-dev' });
  });

  const errors: Array<[string, Record<string, string>, string, RegExp]> = [
    ['an unknown provider', { CHAT_PROVIDER: 'openai' }, 'CHAT_PROVIDER', /must be one of bedrock, local \(got "openai"\)/],
    ['a non-numeric port', { PORT: 'http' }, 'PORT', /must be a whole number between 0 and 65535/],
    ['a port out of range', { PORT: '70000' }, 'PORT', /between 0 and 65535 \(got "70000"\)/],
    ['a fractional port', { PORT: '80.5' }, 'PORT', /whole number/],
    ['an empty model id for bedrock', { CHAT_PROVIDER: 'bedrock', BEDROCK_PRIMARY_MODEL_ID: '' }, 'BEDROCK_PRIMARY_MODEL_ID', /is required when CHAT_PROVIDER=bedrock/],
    ['a non-numeric rate limit', { RATE_LIMIT_PER_MINUTE: 'lots' }, 'RATE_LIMIT_PER_MINUTE', /whole number >= 1 \(got "lots"\)/],
    ['a zero burst', { RATE_LIMIT_BURST: '0' }, 'RATE_LIMIT_BURST', />= 1/],
    ['a non-numeric body limit', { BODY_LIMIT_BYTES: '64kb' }, 'BODY_LIMIT_BYTES', /whole number/],
    ['a non-numeric message limit', { MAX_MESSAGES: 'ten' }, 'MAX_MESSAGES', /whole number/],
    ['a non-numeric message length', { MAX_MESSAGE_CHARS: '1e4' }, 'MAX_MESSAGE_CHARS', /whole number/],
    ['a non-numeric total length', { MAX_TOTAL_CHARS: '-' }, 'MAX_TOTAL_CHARS', /whole number/],
    ['a negative drain timeout', { DRAIN_TIMEOUT_MS: '-1' }, 'DRAIN_TIMEOUT_MS', />= 0/],
    ['a non-numeric upstream timeout', { ...BEDROCK, UPSTREAM_FIRST_TOKEN_TIMEOUT_MS: '10s' }, 'UPSTREAM_FIRST_TOKEN_TIMEOUT_MS', /whole number/],
    ['a temperature out of range', { ...BEDROCK, BEDROCK_TEMPERATURE: '1.5' }, 'BEDROCK_TEMPERATURE', /between 0 and 1/],
    ['a guardrail id without a version', { ...BEDROCK, BEDROCK_GUARDRAIL_ID: 'gr-1' }, 'BEDROCK_GUARDRAIL_VERSION', /required when BEDROCK_GUARDRAIL_ID is set/],
    ['a fallback equal to the primary', { ...BEDROCK, BEDROCK_FALLBACK_MODEL_ID: BEDROCK.BEDROCK_PRIMARY_MODEL_ID }, 'BEDROCK_FALLBACK_MODEL_ID', /must differ/],
    ['a CORS origin with a path', { CORS_ORIGIN: 'https://chat.example.com/' }, 'CORS_ORIGIN', /without a path or trailing slash/],
    ['a CORS origin that is no URL', { CORS_ORIGIN: 'chat.example.com' }, 'CORS_ORIGIN', /must list origins/],
    ['a bad CIDR', { TRUSTED_PROXY_CIDRS: '10.0.0.0/33' }, 'TRUSTED_PROXY_CIDRS', /CIDR blocks/],
    ['an unknown log level', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', /must be one of fatal, error/],
    ['a bad OTLP endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT', /http\(s\) URL/],
    ['a non-boolean OTEL_SDK_DISABLED', { OTEL_SDK_DISABLED: 'yes' }, 'OTEL_SDK_DISABLED', /true or false/],
  ];
  for (const [what, env, variable, message] of errors) {
    it(`refuses ${what}, naming ${variable}`, () => {
      const err = configError(env);
      expect(err.variable).to.equal(variable);
      expect(err.message.startsWith(`${variable} `)).to.equal(true, err.message);
      expect(err.message).to.match(message);
    });
  }
});
