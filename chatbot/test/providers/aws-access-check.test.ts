/**
 * The Bedrock provider's readiness check against the SDK's real region and credential chains,
 * in an environment that can only reach loopback (test/support/aws-sandbox-env.ts): each way of
 * having no region or no credentials gives its own one-line reason, and credentials that appear
 * later (a Pod Identity agent that starts after the pod) are found by the same client.
 */
import { writeFileSync } from 'node:fs';
import { expect } from 'chai';
import { freePort } from '../../scripts/server-process';
import { BedrockProvider } from '../../src/providers/bedrock-provider';
import { BedrockProviderConfig, ProviderNotReady } from '../../src/providers/chat-provider';
import { awsSandbox, enterAwsSandbox } from '../support/aws-sandbox-env';
import { AGENT_CREDENTIALS, FakePodIdentityAgent } from '../support/fake-pod-identity-agent';

const CONFIG: BedrockProviderConfig = {
  region: 'eu-west-1',
  primaryModelId: 'eu.amazon.nova-micro-v1:0',
  systemPrompt: '',
  maxTokens: 10,
  temperature: 0,
  firstTokenTimeoutMs: 1000,
  totalTimeoutMs: 2000,
  maxRetries: 0,
};

/** The ProviderNotReady `provider.checkReady()` rejects with. */
async function notReady(provider: BedrockProvider): Promise<ProviderNotReady> {
  try {
    await provider.checkReady();
  } catch (err) {
    expect(err).to.be.instanceOf(ProviderNotReady);
    return err as ProviderNotReady;
  }
  throw new Error('checkReady resolved');
}

describe('providers/aws-access-check (the SDK\'s real chains, loopback only)', function () {
  this.timeout(20000);
  let leave: () => void = () => undefined;
  let provider: BedrockProvider | undefined;
  let agent: FakePodIdentityAgent | undefined;
  afterEach(async () => {
    provider?.destroy();
    provider = undefined;
    await agent?.close();
    agent = undefined;
    leave();
    leave = () => undefined;
  });

  /** Enters a fresh sandbox (files at new paths) with `env`, then builds the provider. */
  function providerIn(
    env: Record<string, string>,
    config: Partial<BedrockProviderConfig> = {},
  ): { provider: BedrockProvider; configFile: string; credentialsFile: string } {
    const fresh = awsSandbox();
    leave = enterAwsSandbox(fresh, env);
    provider = new BedrockProvider({ ...CONFIG, ...config });
    return { provider, configFile: fresh.configFile, credentialsFile: fresh.credentialsFile };
  }

  it('says no AWS credentials were found, and how to provide them', async () => {
    const { provider: bedrock } = providerIn({});
    const err = await notReady(bedrock);
    expect(err.message).to.equal(
      'no AWS credentials found: Could not load credentials from any providers; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; '
      + 'in EKS, check the chatbot\'s Pod Identity association (see chatbot/README.md)',
    );
  });

  it('gives a missing region its own reason', async () => {
    const { provider: bedrock } = providerIn({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' }, { region: undefined });
    const err = await notReady(bedrock);
    expect(err.message).to.equal('no AWS region found: Region is missing; set AWS_REGION (e.g. AWS_REGION=eu-west-1) or a region in the AWS_PROFILE\'s config (see chatbot/README.md)');
  });

  it('is ready with a profile\'s credentials and region from the shared files', async () => {
    const fresh = awsSandbox();
    writeFileSync(fresh.credentialsFile, '[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n');
    writeFileSync(fresh.configFile, '[profile dev]\nregion = ap-southeast-2\n');
    leave = enterAwsSandbox(fresh, { AWS_PROFILE: 'dev' });
    provider = new BedrockProvider({ ...CONFIG, region: undefined });
    await provider.checkReady();
    const client = (provider as unknown as {
      client: { config: { region(): Promise<string>; credentials(): Promise<{ accessKeyId: string }> } };
    }).client;
    expect(await client.config.region()).to.equal('ap-southeast-2');
    expect((await client.config.credentials()).accessKeyId).to.equal('AKIDPROFILE');
  });

  it('finds credentials that appear later: a Pod Identity agent that starts after the service', async () => {
    const port = await freePort();
    const { provider: bedrock } = providerIn({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/v1/credentials`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'pod-identity-token',
    });
    // Nothing listens yet: the SDK tries the endpoint (a few times, a second apart) and gives up.
    expect((await notReady(bedrock)).message).to.match(/^no AWS credentials found: /);

    agent = await FakePodIdentityAgent.start(port);
    await bedrock.checkReady();
    expect(agent.authorizations).to.include('pod-identity-token');
    const client = (bedrock as unknown as { client: { config: { credentials(): Promise<{ accessKeyId: string }> } } }).client;
    expect((await client.config.credentials()).accessKeyId).to.equal(AGENT_CREDENTIALS.accessKeyId);
  });
});
