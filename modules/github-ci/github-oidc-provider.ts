import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';

/** Issuer of GitHub Actions OIDC tokens; also the prefix of the `:aud` and `:sub` condition keys. */
export const GITHUB_OIDC_ISSUER_HOST = 'token.actions.githubusercontent.com';
/** The audience `aws-actions/configure-aws-credentials` requests. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/**
 * The account's IAM OIDC provider for GitHub Actions (one per account and issuer), which the CI
 * roles trust. No `thumbprint_list`: for GitHub's issuer AWS validates the TLS certificate against
 * its own trusted CAs and ignores thumbprints, and provider 6.x no longer requires the field.
 */
export class GitHubOidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;
  readonly arn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, 'provider', {
      url: `https://${GITHUB_OIDC_ISSUER_HOST}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
      tags: { Name: 'github-actions' },
    });
    this.arn = this.provider.arn;
  }
}
