import { expect } from 'chai';
import { allBodies, detailsFor, sampleInput } from './sample-input';
import { renderPlanComment } from '../../../tools/plan-comment/src/render';

describe('tools/plan-comment renderPlanComment: per-stack sections', () => {
  const text = allBodies(renderPlanComment(sampleInput()));

  it('shows a create with every set attribute, unknown ones as (known after apply)', () => {
    const bucket = detailsFor(text, 'aws_s3_bucket.static-site_assets_5F3A2B1C');
    expect(bucket).to.include('<code>+</code> <code>aws_s3_bucket.static-site_assets_5F3A2B1C</code> will be created</summary>');
    expect(bucket).to.include('\n+ bucket = "ai-chatbot-platform-dev-assets"\n');
    expect(bucket).to.include('\n+ arn = (known after apply)\n');
    expect(bucket).to.include('\n+ force_destroy = false\n');
    expect(bucket).not.to.include('timeouts'); // null attributes of a new object are not listed
  });

  it('shows only the changed attributes of an update, nested unknowns included', () => {
    const nodes = detailsFor(text, 'aws_eks_node_group.cluster_nodes_9C1D2E3F');
    const diff = nodes.slice(nodes.indexOf('```diff\n') + 8, nodes.lastIndexOf('\n```')).split('\n');
    expect(diff).to.deep.equal([
      '+ instance_types[1] = "t3a.large"',
      '! labels.zone-note = "café" -> "café ☕"',
      '! launch_template[0].version = "3" -> (known after apply)',
      '! scaling_config[0].desired_size = 2 -> 3',
      '+ tags.CostCentre = "ml-42"',
      '+ tags_all.CostCentre = "ml-42"',
    ]);
  });

  it('shows a delete with everything it had, sensitive values masked', () => {
    const legacy = detailsFor(text, 'aws_ssm_parameter.params_legacy-token_7A8B9C0D');
    expect(legacy).to.include('will be destroyed, because it is no longer in the configuration</summary>');
    expect(legacy).to.include('\n- value = (sensitive value)\n');
    expect(legacy).to.include('\n- name = "/ai-chatbot/dev/legacy-token"\n');
  });

  it('marks the attributes that force a replacement', () => {
    const bastion = detailsFor(text, 'aws_instance.network_bastion_1A2B3C4D');
    expect(bastion).to.include('<code>-/+</code>');
    expect(bastion).to.include('! ami = "ami-0a1b2c3d4e5f60001" -> "ami-0f9e8d7c6b5a40002"  # forces replacement');
    expect(bastion).to.match(/! user_data = .* # forces replacement\n/);
    expect(bastion).to.include('! id = "i-0123456789abcdef0" -> (known after apply)\n');
    const group = detailsFor(text, 'aws_security_group.cluster_nodes-sg_3E4F5A6B');
    expect(group).to.include('<code>+/-</code>');
    expect(group).to.include('! name = "ai-chatbot-dev-nodes" -> "ai-chatbot-dev-nodes-v2"  # forces replacement');
    expect(group).to.include('+ ingress[0].cidr_blocks[1] = "10.30.0.0/16"\n');
  });

  it('masks sensitive values nested in maps and lists, on both sides of an update', () => {
    expect(detailsFor(text, 'aws_lambda_function.observability_alarm-forwarder_6C7D8E9F')).to.include('+ environment[0].variables.DB_PASSWORD = (sensitive value)\n');
    const cache = detailsFor(text, 'aws_elasticache_user.cache_app-user_0B1C2D3E');
    expect(cache).to.include('+ passwords[0] = (sensitive value)\n+ passwords[1] = (sensitive value)\n');
    expect(cache).to.include('+ authentication_mode[0].password_count = (known after apply)\n');
    expect(detailsFor(text, 'aws_ssm_parameter.params_bedrock-api-key_4D5E6F7A')).to.include('! value = (sensitive value) -> (sensitive value)\n');
  });

  it('lists a no-op resource nowhere, but shows moves, imports, reads, forgets and deposed objects', () => {
    expect(text).not.to.include('aws_vpc.network_vpc_4E5F6A7B');
    expect(text).to.include('- `module.observability.aws_cloudwatch_log_group.app` has moved from `aws_cloudwatch_log_group.observability_app-logs_0D1E2F3A`');
    expect(text).to.include('- `aws_ecr_repository.registry_chatbot_2B3C4D5E` will be imported (id `chatbot`)');
    expect(detailsFor(text, 'aws_cloudwatch_log_group.cluster_control-plane-logs_8F9A0B1C'))
      .to.include('will be updated in place; imported (id <code>/aws/eks/ai-chatbot-dev/cluster</code>)</summary>');
    expect(text).to.include('- `<=` `data.aws_iam_policy_document.identity_chatbot-bedrock_7E8F9A0B` will be read during apply, because its configuration depends on values known only after apply');
    expect(text).to.include('- `.` `aws_cloudwatch_log_group.observability_old-audit_9B0C1D2E` will be removed from the state (the real object is kept)');
    expect(detailsFor(text, 'aws_launch_template.cluster_nodes-template_2F3A4B5C')).to.include('(deposed object <code>5e1d2c3b</code>) will be destroyed');
  });

  it('shows output changes, sensitive outputs masked and unknown ones as (known after apply)', () => {
    const outputs = text.slice(text.indexOf('#### Output changes'), text.indexOf('#### Changed outside Terraform'));
    expect(outputs).to.include([
      '! bedrock_api_key = (sensitive value) -> (sensitive value)',
      '- legacy_token_name = "/ai-chatbot/dev/legacy-token"',
      '! node_instance_types = ["t3.large"] -> ["t3.large", "t3a.large"]',
      '+ static_site_bucket = (known after apply)',
    ].join('\n'));
    expect(outputs).not.to.include('cluster_endpoint'); // no-op output
  });

  it('has a drift section of what changed outside Terraform, masked like the plan', () => {
    expect(text).to.include('#### Changed outside Terraform (3)');
    expect(text).to.include('- `aws_route_table.network_private-b_3C4D5E6F` was deleted outside Terraform');
    const group = detailsFor(text, 'aws_security_group.network_endpoints-sg_1F2A3B4C');
    expect(group).to.include('was changed outside Terraform</summary>');
    expect(group).to.include('+ ingress[0].cidr_blocks[1] = "0.0.0.0/0"\n- tags.ManagedBy = "cdktf"\n');
    expect(detailsFor(text, 'aws_ssm_parameter.params_db-password_5A6B7C8D')).to.include('! value = (sensitive value) -> (sensitive value)\n! version = 1 -> 2\n');
  });

  it('shows a failed stack with its error text, colour codes removed, in a fence', () => {
    expect(text).to.include('### ❌ `addons-dev`: plan failed (terraform exited with code 1)');
    expect(text).to.include('```text\n╷\n│ Error: Kubernetes cluster unreachable: Get "https://0A1B2C3D.gr7.eu-west-1.eks.amazonaws.com/version"');
    expect(text).not.to.include('\u001b[');
  });

  it('collapses a stack without changes to one line', () => {
    const lines = text.split('\n').filter((line) => line.includes('bootstrap'));
    expect(lines).to.deep.equal([
      '| `bootstrap` | no changes | 0 | 0 | 0 | 0 | 0 | 0 | 2 |',
      '**`bootstrap`**: no changes (2 resource(s) unchanged).',
    ]);
  });

  it('keeps Unicode values as they are', () => {
    for (const value of ['"Zoë Ångström 🚀"', '"プラットフォーム"', '"مرحبا"', '"café ☕"']) expect(text).to.include(value);
  });

  it('orders a stack section destructive first, then updates, creates, reads, imports and moves', () => {
    const order = ['aws_eip.network_nat_5B6C7D8E[1]', 'aws_ssm_parameter.params_legacy-token_7A8B9C0D', 'aws_eks_node_group.cluster_nodes_9C1D2E3F',
      'aws_s3_bucket.static-site_assets_5F3A2B1C', 'data.aws_iam_policy_document', 'aws_ecr_repository.registry_chatbot_2B3C4D5E'];
    const section = text.slice(text.indexOf('### `platform-dev`'));
    const positions = order.map((address) => section.indexOf(address));
    expect(positions.every((position) => position >= 0)).to.equal(true);
    expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
  });
});
