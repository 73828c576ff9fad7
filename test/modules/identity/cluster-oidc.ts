/**
 * A stand-in for the cluster's OIDC provider in identity tests: a real
 * `aws_iam_openid_connect_provider` whose issuer host is derived the way the cluster construct
 * derives it, so trust policies render with genuine references.
 */
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterOidcIdentity } from '../../../modules/identity/irsa-role';

export function testClusterOidc(scope: Construct): ClusterOidcIdentity {
  const provider = new IamOpenidConnectProvider(scope, 'oidc', {
    url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE',
    clientIdList: ['sts.amazonaws.com'],
  });
  return { oidcProviderArn: provider.arn, oidcIssuerHost: Fn.replace(provider.url, 'https://', '') };
}

/** The dev environment's permissions boundary, as platform-stack.ts names it. */
export const BOUNDARY_ARN = 'arn:aws:iam::111122223333:policy/qa-permissions-boundary-dev';

/** How the issuer host renders inside a synthesized trust policy. */
export const ISSUER_HOST = '${replace(aws_iam_openid_connect_provider.oidc.url, "https://", "")}';
export const PROVIDER_ARN = '${aws_iam_openid_connect_provider.oidc.arn}';

/**
 * Parse a synthesized trust or role policy. The issuer host is a Terraform interpolation whose
 * quotes are only valid once Terraform has evaluated it, so it is swapped for `<issuer>` first.
 */
export function parseIdentityPolicy(policy: string): { Statement: Array<Record<string, any>> } {
  return JSON.parse(policy.split(ISSUER_HOST).join('<issuer>'));
}

/** The statements of a policy that grant on `Resource: "*"`, as a flat list of actions. */
export function actionsOnEveryResource(policy: { Statement: Array<Record<string, any>> }): string[] {
  return policy.Statement.filter((s) => s.Effect === 'Allow' && (s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*'))))
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}
