/**
 * The names and tags the leak report looks for are the ones the platform stack really makes: a
 * rename in the stacks that the report did not follow would hide a leak, so this fails instead.
 */
import { Testing } from 'cdktf';
import { expect } from 'chai';
import { PlatformStack } from '../../../stacks/platform-stack';
import { environmentScope } from '../../../tools/leak-report/src/scope';
import { controllerTags, tagReasons } from '../../../tools/leak-report/src/tag-reasons';
import { testEnvironment, TEST_ACCOUNT } from '../../support/environment';
import { resourcesOf, synthStack } from '../../support/synth';

describe('leak report scope', () => {
  for (const name of ['dev', 'prod'] as const) {
    describe(`against the synthesized platform-${name}`, () => {
      const environment = testEnvironment(name);
      const scope = environmentScope(environment);
      const json = synthStack(new PlatformStack(Testing.app(), `platform-${name}`, { environment }));
      const literal = (value: unknown, what: string): string => {
        expect(value, `${what} is a plain name`).to.be.a('string');
        expect(value as string, `${what} is a plain name, not a reference`).to.not.contain('${');
        return value as string;
      };

      it('every log group falls under one of the prefixes the report lists, in the region it asks', () => {
        const groups = Object.values(resourcesOf(json, 'aws_cloudwatch_log_group'));
        // the report lists log groups in the environment's region only
        for (const group of groups) expect(group.provider, `${String(group.name)} is made in the environment's region`).to.equal(undefined);
        const names = groups.map((g) => literal(g.name, 'log group name'));
        expect(names.length).to.be.greaterThan(0);
        for (const group of names) expect(scope.logGroupPrefixes.some((p) => group.startsWith(p)), `${group} under ${scope.logGroupPrefixes.join(', ')}`).to.equal(true);
      });

      it('the site bucket is the one the report looks into, and there is no other', () => {
        const buckets = Object.values(resourcesOf(json, 'aws_s3_bucket')).map((b) => literal(b.bucket, 'bucket name'));
        expect(buckets).to.deep.equal([scope.siteBucket]);
        expect(scope.siteBucket).to.equal(`qa-${name}-chatbot-ui-${TEST_ACCOUNT}`);
      });

      it('repositories, key aliases and the cluster have the names the report looks for', () => {
        const repositories = Object.values(resourcesOf(json, 'aws_ecr_repository')).map((r) => literal(r.name, 'repository name'));
        expect(repositories.length).to.be.greaterThan(0);
        for (const repository of repositories) expect(repository.startsWith(scope.repositoryPrefix), repository).to.equal(true);
        const aliases = Object.values(resourcesOf(json, 'aws_kms_alias')).map((a) => literal(a.name, 'alias name'));
        expect(aliases.length).to.be.greaterThan(0);
        for (const alias of aliases) expect(alias.startsWith(scope.keyAliasPrefix), alias).to.equal(true);
        const clusters = Object.values(resourcesOf(json, 'aws_eks_cluster')).map((c) => literal(c.name, 'cluster name'));
        expect(clusters).to.deep.equal([scope.clusterName]);
      });

      it('the default tags are the Project/Environment pair the report filters on', () => {
        for (const provider of json.provider?.aws ?? []) {
          const tags = provider.default_tags[0].tags as Record<string, string>;
          expect(tagReasons(tags, scope)[0]).to.equal(`tagged Project=${scope.projectTag}, Environment=${scope.environmentTag} (ManagedBy=cdktf)`);
        }
      });

      it('the subnets carry the cluster tag the report treats as the cluster’s', () => {
        const subnets = Object.values(resourcesOf(json, 'aws_subnet'));
        expect(subnets.length).to.be.greaterThan(0);
        const key = controllerTags(scope).find((t) => t.key.startsWith('kubernetes.io/cluster/'))!.key;
        for (const subnet of subnets) expect(subnet.tags).to.have.property(key);
      });
    });
  }

  it('ties nothing to the environment on a Karpenter tag alone, or on another cluster’s tag', () => {
    const scope = environmentScope(testEnvironment('dev'));
    expect(tagReasons({ 'karpenter.sh/nodepool': 'default' }, scope)).to.deep.equal([]);
    expect(tagReasons({ 'elbv2.k8s.aws/cluster': 'qa-devx' }, scope)).to.deep.equal([]);
    expect(tagReasons({ 'kubernetes.io/cluster/qa-devx': 'owned' }, scope)).to.deep.equal([]);
    expect(tagReasons({ Project: 'ai-chatbot', Environment: 'prod' }, scope)).to.deep.equal([]);
    expect(tagReasons({ 'eks:eks-cluster-name': 'qa-dev', 'karpenter.sh/nodepool': 'default' }, scope)).to.deep.equal([
      'tagged eks:eks-cluster-name=qa-dev (Karpenter)',
      'launched by Karpenter (karpenter.sh/nodepool=default)',
    ]);
  });
});
