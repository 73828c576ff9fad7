import { TerraformOutput } from 'cdktf';
import { expect } from 'chai';
import { GitHubOidcProvider } from '../../../modules/github-ci/github-oidc-provider';
import { onlyResource, resourcesOf, synthConstructs } from '../../support/synth';

describe('GitHubOidcProvider', () => {
  const json = synthConstructs((stack) => {
    new GitHubOidcProvider(stack, 'github');
  });
  const resource = onlyResource(json, 'aws_iam_openid_connect_provider');

  it('trusts GitHub Actions tokens for the STS audience', () => {
    expect(resource.url).to.equal('https://token.actions.githubusercontent.com');
    expect(resource.client_id_list).to.deep.equal(['sts.amazonaws.com']);
  });

  it('pins no thumbprint (AWS validates GitHub\'s certificate itself)', () => {
    expect(resource).not.to.have.property('thumbprint_list');
  });

  it('exposes the provider ARN as a reference', () => {
    const outputs = synthConstructs((stack) => {
      new TerraformOutput(stack, 'arn', { value: new GitHubOidcProvider(stack, 'github').arn });
    }).output;
    const id = Object.keys(resourcesOf(json, 'aws_iam_openid_connect_provider'))[0];
    expect(outputs?.arn.value).to.equal(`\${aws_iam_openid_connect_provider.${id}.arn}`);
  });
});
