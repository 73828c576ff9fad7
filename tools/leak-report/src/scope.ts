/**
 * What belongs to one environment, in the names and tags the stacks and the controllers give it.
 * Every name here is the one the stacks make (stacks/platform-stack.ts, modules/): a test
 * synthesizes the platform stack and checks that each of its log groups, buckets, repositories and
 * key aliases falls under these names, so a rename there cannot hide a leak here.
 */
import type { EnvironmentConfig } from '../../../modules/shared/environment-config';
import { chatbotRepositoryName, environmentResourceName, parameterPathPrefix } from '../../../modules/shared/naming';
import { environmentTags } from '../../../modules/shared/tags';

export interface EnvironmentScope {
  readonly environment: string;
  readonly accountId: string;
  /** The environment's region: everything but the global resources lives here. */
  readonly region: string;
  /**
   * Regions the tagging API is asked: the environment's, and us-east-1 where the CloudFront-scoped
   * WAF ACL, ACM certificates and the tagging view of CloudFront and Route53 live.
   */
  readonly taggingRegions: readonly string[];
  /** `<prefix>-<env>`: the cluster, the VPC and the base of every resource name. */
  readonly clusterName: string;
  /** The tags every resource of the stacks carries (default_tags): Project and Environment. */
  readonly projectTag: string;
  readonly environmentTag: string;
  /** Log group name prefixes (path ones with their trailing slash): the stacks', EKS's, Container Insights', WAF's. */
  readonly logGroupPrefixes: readonly string[];
  /** ECR repositories of the environment are named `<prefix>-<env>/...`. */
  readonly repositoryPrefix: string;
  /** The static site's bucket (`<prefix>-<env>-chatbot-ui-<account>`). */
  readonly siteBucket: string;
  /** KMS aliases of the environment start with this (`alias/<prefix>-<env>-`). */
  readonly keyAliasPrefix: string;
  /** external-dns `--txt-owner-id` of this cluster: the owner written in its TXT registry records. */
  readonly externalDnsOwner: string;
}

export function environmentScope(env: EnvironmentConfig): EnvironmentScope {
  const name = environmentResourceName(env.namePrefix, env.name);
  const tags = environmentTags(env);
  const repository = chatbotRepositoryName(env.namePrefix, env.name);
  return {
    environment: env.name,
    accountId: env.accountId,
    region: env.region,
    taggingRegions: env.region === 'us-east-1' ? ['us-east-1'] : [env.region, 'us-east-1'],
    clusterName: name,
    projectTag: tags.Project,
    environmentTag: tags.Environment,
    logGroupPrefixes: [
      // modules/observability/platform-log-groups.ts: /<prefix>/<env>/...
      `${parameterPathPrefix(env.namePrefix, env.name)}/`,
      // the control plane's logs (modules/cluster/cluster.ts), and what EKS adds on its own
      `/aws/eks/${name}/`,
      // VPC flow logs (modules/network/flow-logs.ts)
      `/aws/vpc/${name}/`,
      // Container Insights / the CloudWatch agent create these themselves
      `/aws/containerinsights/${name}/`,
      // WAF logs only go to groups named aws-waf-logs-* (modules/edge: aws-waf-logs-<prefix>-<env>-...)
      `aws-waf-logs-${name}-`,
    ],
    repositoryPrefix: repository.slice(0, repository.indexOf('/') + 1),
    siteBucket: `${name}-chatbot-ui-${env.accountId}`,
    keyAliasPrefix: `alias/${name}-`,
    externalDnsOwner: name,
  };
}
