/**
 * The `edge:` combinations the synth tests run through: DNS provider x sign-in x environment. Dev
 * without DNS and sign-in runs without a domain (plain HTTP, with a warning); every other
 * combination has one.
 */
import { EDGE_AUTH_PROVIDERS, EDGE_DNS_PROVIDERS, type EdgeAuthProvider, type EdgeDnsProvider } from '../../../modules/shared/environment-config';

export type EnvName = 'dev' | 'prod';

export interface EdgeCombination {
  readonly dns: EdgeDnsProvider;
  readonly auth: EdgeAuthProvider;
  readonly env: EnvName;
  /** The chat host, or none (dev served over HTTP). */
  readonly domain?: string;
  /** The raw `edge:` section, as config/<env>.yaml would hold it. */
  readonly edge: Record<string, unknown>;
  readonly label: string;
}

export const CLOUDFLARE_ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';
export const HOSTED_ZONE_ID = 'Z0123456789ABCDEFGHIJ';

export function rawDns(dns: EdgeDnsProvider, env: EnvName): Record<string, unknown> {
  if (dns === 'route53') return env === 'prod' ? { provider: 'route53', hostedZoneId: HOSTED_ZONE_ID } : { provider: 'route53', zoneName: 'example.com' };
  if (dns === 'cloudflare') return { provider: 'cloudflare', zoneId: CLOUDFLARE_ZONE_ID, apiTokenParameter: `/qa/${env}/edge/cloudflare-api-token` };
  return { provider: 'none' };
}

export function rawAuth(auth: EdgeAuthProvider, env: EnvName): Record<string, unknown> {
  if (auth === 'cognito') return { provider: 'cognito' };
  if (auth === 'oidc') {
    return {
      provider: 'oidc',
      issuer: 'https://login.example.com/oauth2/default',
      clientId: '0oa1b2c3d4e5f6g7h8i9',
      authorizationEndpoint: 'https://login.example.com/oauth2/default/v1/authorize',
      tokenEndpoint: 'https://login.example.com/oauth2/default/v1/token',
      userInfoEndpoint: 'https://login.example.com/oauth2/default/v1/userinfo',
      clientSecretParameter: `/qa/${env}/edge/oidc-client-secret`,
    };
  }
  return { provider: 'none' };
}

export const COMBINATIONS: readonly EdgeCombination[] = EDGE_DNS_PROVIDERS.flatMap((dns) =>
  EDGE_AUTH_PROVIDERS.flatMap((auth) =>
    (['dev', 'prod'] as const).map((env): EdgeCombination => {
      const domain = env === 'dev' && dns === 'none' && auth === 'none' ? undefined : env === 'prod' ? 'chat.example.com' : 'chat.dev.example.com';
      const edge = {
        ...(domain === undefined ? {} : { domain }),
        dns: rawDns(dns, env),
        auth: rawAuth(auth, env),
        ...(env === 'prod' ? { dailyTokenBudget: 2_000_000, bedrockMonthlyBudgetUsd: 200 } : {}),
      };
      return { dns, auth, env, domain, edge, label: `dns ${dns} x auth ${auth} x ${env}${domain ? '' : ' (no domain)'}` };
    }),
  ),
);
