/**
 * AWS Chatbot channels (modules/observability/alarm-chat-channels.ts). A channel configuration
 * without guardrails gets the AWS managed AdministratorAccess policy as its ceiling, and anyone in
 * the chat channel may then run commands as its role; so every channel has guardrails that are
 * this stack's own read-only policies, requires each member's own role for commands, and runs as
 * a role of the stack that can only read.
 */
import { actionsOf, isAllow, policyDocuments, statementLabel, type PolicyDocumentEntry } from '../iam-documents';
import { violation, type PolicyRule, type Violation } from '../policy-rule';
import { policiesOfRole } from '../role-policies';
import { isTrue, referencedIds, resources, strings } from '../terraform-json';

const CHANNEL_TYPES = ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration'] as const;

/** A read-only verb (or a pattern of them): Get*, List*, Describe*, BatchGet*. */
function isReadAction(action: string): boolean {
  return /^[a-z0-9-]+:(Get|List|Describe|BatchGet)[A-Za-z*]*$/.test(action);
}

/** The actions of Allow statements of `docs` that are not reads, labelled. */
function nonReads(docs: readonly PolicyDocumentEntry[]): string[] {
  return docs.flatMap((doc) =>
    (doc.statements ?? []).flatMap((st, i) => {
      const writes = isAllow(st) ? actionsOf(st).filter((a) => !isReadAction(a)) : [];
      return writes.length > 0 ? [`${doc.address} ${statementLabel(st, i)} allows ${writes.join(', ')}`] : [];
    }),
  );
}

export const chatChannelsReadOnly: PolicyRule = {
  id: 'chat-channel-read-only',
  description:
    'Every AWS Chatbot channel configuration requires user authorization, has guardrail_policy_arns that are all customer managed policies of the stack allowing reads only (none means AdministratorAccess), and runs as a role of the stack whose policies allow reads only',
  check: (stack) => {
    const found: Violation[] = [];
    const documents = policyDocuments(stack.json);
    const policies = resources(stack.json, 'aws_iam_policy');
    const roles = resources(stack.json, 'aws_iam_role');
    for (const channel of CHANNEL_TYPES.flatMap((type) => resources(stack.json, type))) {
      const problem = (text: string) => found.push(violation(chatChannelsReadOnly.id, channel.address, text));
      if (!isTrue(channel.attrs.user_authorization_required)) problem('does not set user_authorization_required = true: any member of the channel could run commands as the channel role');

      const guardrails = strings(channel.attrs.guardrail_policy_arns);
      if (guardrails.length === 0) problem('has no guardrail_policy_arns, so AWS Chatbot applies AdministratorAccess as the channel\'s ceiling; name a read-only policy of the stack');
      for (const arn of guardrails) {
        const ids = referencedIds(arn, 'aws_iam_policy');
        const policy = policies.find((p) => ids.has(p.logicalId));
        if (!policy) {
          problem(`guardrail ${arn} is not a customer managed policy of this stack (an AWS managed policy such as ReadOnlyAccess reads far more than alarms)`);
          continue;
        }
        for (const text of nonReads(documents.filter((d) => d.address === policy.address))) problem(`guardrail ${text}; a guardrail may only read`);
      }

      const roleIds = referencedIds(channel.attrs.iam_role_arn, 'aws_iam_role');
      const role = roles.find((r) => roleIds.has(r.logicalId));
      if (!role) {
        problem(`iam_role_arn ${JSON.stringify(channel.attrs.iam_role_arn)} is not a role of this stack, so its permissions cannot be checked`);
        continue;
      }
      for (const text of nonReads(policiesOfRole(stack.json, role))) problem(`channel role ${text}; notifications need reads only`);
    }
    return found;
  },
};

export const CHAT_CHANNEL_RULES: readonly PolicyRule[] = [chatChannelsReadOnly];
