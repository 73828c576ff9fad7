/**
 * A valid environment for tests, built through the real validator (stacks/config.ts) so tests get
 * exactly what the stacks get. Override any part of the raw YAML document.
 */
import { expect } from 'chai';
import type { EnvironmentConfig, ProjectConfig } from '../../modules/shared/environment-config';
import { ConfigError, resolveConfig } from '../../stacks/config';

export const TEST_ACCOUNT = '111122223333';

export function rawProject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    namePrefix: 'qa',
    github: { owner: 'acme', repo: 'chatbot-platform', defaultBranch: 'main' },
    state: { accountId: TEST_ACCOUNT, region: 'eu-west-1' },
    tags: { Project: 'ai-chatbot', Owner: 'platform' },
    logRetentionDays: 30,
    environments: ['dev', 'prod'],
    ...overrides,
  };
}

export function rawEnvironment(name: 'dev' | 'prod' | string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const production = name === 'prod';
  return {
    production,
    accountId: TEST_ACCOUNT,
    region: 'eu-west-1',
    network: {
      vpcCidr: production ? '10.30.0.0/16' : '10.20.0.0/16',
      azCount: production ? 3 : 2,
      natStrategy: production ? 'per-az' : 'single',
    },
    cluster: {
      version: '1.33',
      publicEndpointCidrs: production ? ['203.0.113.0/24'] : ['0.0.0.0/0'],
      adminPrincipalArns: [`arn:aws:iam::${TEST_ACCOUNT}:role/PlatformAdmin`],
      nodeGroup: { instanceTypes: ['m7i.large'], minSize: 2, desiredSize: 2, maxSize: 4 },
    },
    bedrock: { primaryModelId: 'eu.amazon.nova-micro-v1:0', fallbackModelId: 'eu.amazon.nova-lite-v1:0' },
    site: production ? { enableWaf: true, domainName: 'chat.example.com', certificateArn: `arn:aws:acm:us-east-1:${TEST_ACCOUNT}:certificate/0f1e2d3c-0000-4000-8000-000000000000` } : { enableWaf: false },
    // Production needs HTTPS, WAF and spend limits (edge: in config-schema.ts); dev runs on plain HTTP.
    ...(production
      ? { edge: { domain: 'chat.example.com', dns: { provider: 'route53', hostedZoneId: 'Z0123456789ABCDEFGHIJ' }, auth: { provider: 'cognito' }, dailyTokenBudget: 2_000_000, bedrockMonthlyBudgetUsd: 200 } }
      : {}),
    ...overrides,
  };
}

/** The whole validated project (dev + prod) built from the raw documents above. */
export function testProject(envOverrides: Record<string, Record<string, unknown>> = {}): ProjectConfig {
  return resolveConfig({
    project: rawProject(),
    environments: { dev: rawEnvironment('dev', envOverrides.dev), prod: rawEnvironment('prod', envOverrides.prod) },
  });
}

/** One validated environment. */
export function testEnvironment(name: 'dev' | 'prod' = 'dev', overrides: Record<string, unknown> = {}): EnvironmentConfig {
  const env = testProject({ [name]: overrides }).environments.find((e) => e.name === name);
  if (!env) throw new Error(`no ${name} environment`);
  return env;
}

/** Raw documents of a test project; each one left out is rawProject() or rawEnvironment(<name>). */
export interface RawDocuments {
  readonly project?: unknown;
  readonly dev?: unknown;
  readonly prod?: unknown;
}

/** Every problem the validator finds in the project's documents; [] when they resolve. */
export function configProblems(documents: RawDocuments): string[] {
  try {
    resolveConfig({
      project: documents.project === undefined ? rawProject() : documents.project,
      environments: { dev: documents.dev === undefined ? rawEnvironment('dev') : documents.dev, prod: documents.prod === undefined ? rawEnvironment('prod') : documents.prod },
    });
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  return [];
}

/** The problems of a project whose `name` environment file has `overrides` (e.g. one section). */
export function environmentProblems(name: 'dev' | 'prod', overrides: Record<string, unknown>): string[] {
  return configProblems({ [name]: rawEnvironment(name, overrides) });
}
