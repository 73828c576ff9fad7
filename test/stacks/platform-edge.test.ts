/**
 * The platform stack for every edge combination (DNS x sign-in x environment): ChatEdge is wired
 * to the chatbot's role and the environment's alarm topics, its outputs are the add-ons stack's
 * contract, and every policy rule passes on the whole stack.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { expect } from 'chai';
import { PlatformStack } from '../../stacks/platform-stack';
import { COMBINATIONS } from '../modules/edge/edge-matrix';
import { ALL_RULES } from '../policy/rules/all-rules';
import { testEnvironment } from '../support/environment';
import { onlyResource, parsePolicy, resourcesOf, synthStack, type TerraformJson } from '../support/synth';

const idOf = (json: TerraformJson, type: string, where: (r: Record<string, any>) => boolean) =>
  Object.entries(resourcesOf(json, type)).find(([, r]) => where(r))?.[0];

describe('stacks/platform-stack edge combinations', function () {
  this.timeout(120_000);

  for (const c of COMBINATIONS) {
    describe(c.label, () => {
      let json: TerraformJson;
      let stack: PlatformStack;
      before(() => {
        const environment = testEnvironment(c.env, { edge: c.edge });
        stack = new PlatformStack(Testing.app(), `platform-${c.env}`, { environment });
        json = synthStack(stack);
      });

      it('passes every policy rule', () => {
        const environment = stack.environment;
        const violations = ALL_RULES.flatMap((rule) => rule.check({ name: `platform-${c.env}`, json, production: environment.production, kind: 'platform', environment }));
        expect(violations.map((v) => `[${v.rule}] ${v.message}`)).to.deep.equal([]);
      });

      it('outputs what the Ingress and external-dns need, and only what exists', () => {
        const outputs = Object.keys(json.output ?? {});
        const expected = [
          ...(c.domain ? ['chat_domain', 'chat_certificate_arn'] : []),
          'chat_web_acl_arn',
          ...(c.dns === 'route53' ? ['chat_hosted_zone_id'] : []),
          ...(c.domain && c.dns !== 'route53' ? ['chat_certificate_validation'] : []),
          ...(c.auth === 'cognito' ? ['chat_user_pool_arn', 'chat_user_pool_client_id', 'chat_user_pool_domain', 'chat_auth_issuer', 'chat_sign_out_url'] : []),
          ...(c.env === 'prod' ? ['chat_token_table_name'] : []),
        ];
        expect(outputs.filter((o) => o.startsWith('chat_'))).to.have.members(expected);
        expect(stack.edge.certificateArn !== undefined).to.equal(c.domain !== undefined);
        expect(stack.edge.webAclArn).to.be.a('string');
      });

      it('gives the chatbot\'s own role the token counter, and sends the Bedrock budget to the alarm topics', () => {
        if (c.env === 'dev') {
          expect(Object.keys(resourcesOf(json, 'aws_dynamodb_table'))).to.have.length(0);
          return;
        }
        const chatbotRole = idOf(json, 'aws_iam_role', (r) => r.name === 'qa-prod-chatbot-bedrock');
        const grant = Object.values(resourcesOf(json, 'aws_iam_role_policy')).find((p) => String(p.name).endsWith('-token-budget'));
        expect(grant?.role).to.equal(`\${aws_iam_role.${chatbotRole}.name}`);
        expect(parsePolicy(grant!.policy).Statement[0].Resource).to.match(/aws_dynamodb_table\./);
        const budget = onlyResource(json, 'aws_budgets_budget');
        const topics = (budget.notification as Array<Record<string, any>>).flatMap((n) => n.subscriber_sns_topic_arns as string[]);
        const topicIds = Object.keys(resourcesOf(json, 'aws_sns_topic'));
        expect(topics.length).to.equal(3);
        expect(topics.every((t) => topicIds.some((id) => t === `\${aws_sns_topic.${id}.arn}`))).to.equal(true);
      });
    });
  }

  it('warns once, in the synth manifest the cdktf CLI prints, that the committed dev config serves plain HTTP', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'edge-synth-'));
    try {
      const root = join(__dirname, '..', '..');
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'stacks', 'main.ts')], {
        cwd: root,
        env: { ...process.env, PLATFORM_CONFIG_DIR: join(root, 'config'), CDKTF_OUTDIR: outdir },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).to.equal(0);
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { annotations?: Array<{ level: string; message: string; constructPath: string }> }> };
      const http = Object.entries(manifest.stacks).flatMap(([stack, s]) => (s.annotations ?? []).filter((a) => a.message.includes('plain HTTP')).map((a) => ({ stack, ...a })));
      expect(http.map((a) => [a.stack, a.level, a.constructPath])).to.deep.equal([['platform-dev', '@cdktf/warn', 'platform-dev/edge']]);
      expect(http[0].message).to.include('edge.domain is not set');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
