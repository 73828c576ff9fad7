/**
 * The policy suite over the real app: every rule, every stack, for the test project and for the
 * checked-in config/. Also proves the suite looked at something, so it cannot pass vacuously.
 */
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { expect } from 'chai';
import { conditionsOf, policyDocuments } from './iam-documents';
import type { StackKind, StackUnderTest, Violation } from './policy-rule';
import type { ProjectConfig } from '../../modules/shared/environment-config';
import { buildPlatformApp } from '../../stacks/app';
import { loadConfig } from '../../stacks/config';
import { testProject } from '../support/environment';
import { synthStack } from '../support/synth';
import { ALL_RULES } from './rules/all-rules';
import { referencedIds, resources } from './terraform-json';

function kindOf(name: string): StackKind {
  if (name === 'bootstrap') return 'bootstrap';
  return name.startsWith('platform-') ? 'platform' : 'other';
}

/** Synthesize every stack of the app built from `project`. */
function stacksUnderTest(project: ProjectConfig): StackUnderTest[] {
  const { stacks } = buildPlatformApp(project, Testing.app());
  return stacks.map((stack) => {
    const name = stack.node.id;
    const environment = project.environments.find((e) => name.endsWith(`-${e.name}`));
    // bootstrap holds the CI roles and state of every environment, so it is as critical as the most critical one.
    const production = environment?.production ?? project.environments.some((e) => e.production);
    return { name, json: synthStack(stack), production, kind: kindOf(name), ...(environment ? { environment } : {}) };
  });
}

function report(violations: Violation[]): string {
  return `${violations.length} violation(s):\n${violations.map((v) => `  [${v.rule}] ${v.message}`).join('\n')}\n`;
}

/** Trust statements whose conditions name `keyPart` (e.g. the GitHub issuer or a service account). */
function trustStatementsMentioning(stack: StackUnderTest, text: string): number {
  return policyDocuments(stack.json)
    .filter((d) => d.kind === 'trust')
    .flatMap((d) => d.statements ?? [])
    .filter((st) => conditionsOf(st).some((c) => c.key.includes(text) || c.values.some((v) => v.includes(text)))).length;
}

/** The test project's prod with AWS Chatbot channels too, so their roles and guardrails meet every rule. */
const WITH_CHAT_CHANNELS = {
  prod: {
    slo: {
      notifications: [
        { email: 'oncall@example.com' },
        { slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }, severities: ['page'] },
        { teams: { teamId: '00000000-1111-4222-8333-444444444444', channelId: '19:0123456789abcdef0123456789abcdef@thread.tacv2', tenantId: '55555555-6666-4777-8888-999999999999' } },
      ],
    },
  },
};

const PROJECTS: ReadonlyArray<readonly [string, () => ProjectConfig]> = [
  ['test project, prod with Slack and Teams alarm channels', () => testProject(WITH_CHAT_CHANNELS)],
  ['config/', () => loadConfig(path.join(__dirname, '../../config'))],
];

for (const [label, load] of PROJECTS) {
  describe(`policy suite over every stack (${label})`, () => {
    let project: ProjectConfig;
    let stacks: StackUnderTest[] = [];
    const platforms = () => stacks.filter((s) => s.kind === 'platform');
    const bootstrap = () => {
      const found = stacks.find((s) => s.kind === 'bootstrap');
      if (!found) throw new Error('no bootstrap stack');
      return found;
    };

    before(function () {
      this.timeout(180_000);
      project = load();
      stacks = stacksUnderTest(project);
    });

    it('synthesizes bootstrap and one platform stack per environment', () => {
      const names = stacks.map((s) => s.name);
      expect(names).to.include('bootstrap');
      expect(names).to.include.members(project.environments.map((e) => `platform-${e.name}`));
      expect(platforms().filter((s) => s.production).map((s) => s.name)).to.deep.equal(
        project.environments.filter((e) => e.production).map((e) => `platform-${e.name}`),
      );
    });

    for (const rule of ALL_RULES) {
      it(`${rule.id}: ${rule.description}`, () => {
        const violations = stacks.flatMap((s) => rule.check(s).map((v) => ({ ...v, message: `(${s.name}) ${v.message}` })));
        expect(violations, report(violations)).to.deep.equal([]);
      });
    }

    it('checks real resources in every platform stack (the suite cannot pass vacuously)', () => {
      expect(platforms()).to.have.length.greaterThan(0);
      for (const stack of platforms()) {
        const count = (type: string) => resources(stack.json, type).length;
        const counts = {
          'aws_s3_bucket': count('aws_s3_bucket'),
          'aws_iam_role': count('aws_iam_role'),
          'aws_cloudwatch_log_group': count('aws_cloudwatch_log_group'),
          'aws_kms_key': count('aws_kms_key'),
          'aws_ecr_repository': count('aws_ecr_repository'),
          'aws_eks_cluster': count('aws_eks_cluster'),
          'aws_eks_node_group': count('aws_eks_node_group'),
          'aws_launch_template': count('aws_launch_template'),
          'aws_vpc': count('aws_vpc'),
          'aws_cloudfront_distribution': count('aws_cloudfront_distribution'),
          'aws_ssm_parameter': count('aws_ssm_parameter'),
          'aws_cloudwatch_metric_alarm': count('aws_cloudwatch_metric_alarm'),
          'aws_cloudwatch_composite_alarm': count('aws_cloudwatch_composite_alarm'),
          'aws_sns_topic': count('aws_sns_topic'),
          'provider.aws': stack.json.provider?.aws?.length ?? 0,
          'identity policies': policyDocuments(stack.json).filter((d) => d.kind === 'identity').length,
          'IRSA trust statements': trustStatementsMentioning(stack, 'system:serviceaccount:'),
        };
        const empty = Object.entries(counts).filter(([, n]) => n === 0).map(([what]) => what);
        expect(empty, `${stack.name} has none of: ${empty.join(', ')}`).to.deep.equal([]);
        expect(stack.json.terraform?.backend?.s3, `${stack.name} S3 backend`).to.be.an('object');
      }
    });

    it('can tell whether node groups run in private subnets (their subnet_ids reference aws_subnet resources)', () => {
      for (const stack of platforms()) {
        for (const ng of resources(stack.json, 'aws_eks_node_group')) {
          expect(referencedIds(ng.attrs.subnet_ids, 'aws_subnet').size, `${ng.address} subnet_ids ${JSON.stringify(ng.attrs.subnet_ids)}`).to.be.greaterThan(0);
        }
      }
    });

    it('checks the AWS Chatbot channels of every environment that configures them', () => {
      for (const env of project.environments) {
        const stack = platforms().find((s) => s.name === `platform-${env.name}`)!;
        const channels = ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration'].flatMap((type) => resources(stack.json, type));
        expect(channels, stack.name).to.have.length(env.slo.notifications.filter((t) => t.kind === 'slack' || t.kind === 'teams').length);
      }
      if (label.startsWith('test project')) expect(resources(platforms().find((s) => s.name === 'platform-prod')!.json, 'aws_chatbot_teams_channel_configuration')).to.have.length(1);
    });

    it('checks the state bucket and the GitHub OIDC trust of the plan and apply roles in bootstrap', () => {
      const stack = bootstrap();
      expect(resources(stack.json, 'aws_s3_bucket').filter((b) => String(b.attrs.bucket).includes('tfstate'))).to.have.length(1);
      expect(resources(stack.json, 'aws_iam_openid_connect_provider')).to.have.length(1);
      expect(trustStatementsMentioning(stack, 'token.actions.githubusercontent.com')).to.be.at.least(2);
    });
  });
}
