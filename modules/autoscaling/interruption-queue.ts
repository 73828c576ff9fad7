import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { policyJson } from '../shared/policy-document';

/** One EventBridge rule feeding the queue: the events Karpenter acts on before EC2 does. */
export interface InterruptionEvent {
  /** Suffix of the rule's name and id. */
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  /** What Karpenter does with it. */
  readonly why: string;
}

/**
 * The events of Karpenter v1.14's getting-started template (test/fixtures/karpenter/v1.14.1/
 * cloudformation.yaml), one rule each.
 */
export const INTERRUPTION_EVENTS: readonly InterruptionEvent[] = [
  { id: 'spot-interruption', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning', why: 'drain a spot node in its two-minute notice and launch its replacement at once' },
  { id: 'rebalance', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation', why: 'record that a spot node is at elevated risk of interruption' },
  { id: 'instance-state-change', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification', why: 'drain a node that is stopping or terminating outside Karpenter' },
  { id: 'scheduled-change', source: 'aws.health', detailType: 'AWS Health Event', why: 'replace a node ahead of scheduled maintenance (retirement, reboot)' },
  {
    id: 'capacity-reservation-interruption',
    source: 'aws.ec2',
    detailType: 'EC2 Capacity Reservation Instance Interruption Warning',
    why: 'drain a node whose interruptible capacity reservation is reclaimed',
  },
];

/** Karpenter handles a message within seconds; an older one describes an instance that is already gone. */
export const INTERRUPTION_MESSAGE_RETENTION_SECONDS = 300;

export interface InterruptionQueueProps {
  /** Queue name (`karpenterInterruptionQueueName()`); rule names start with it. */
  readonly queueName: string;
  /** Base of the rule names, e.g. `qa-dev-karpenter` (EventBridge rule names are at most 64 characters). */
  readonly ruleNamePrefix: string;
}

/**
 * The SQS queue Karpenter reads EC2 interruption and health events from, and the EventBridge rules
 * that send them there. Encrypted with SQS-managed keys (SSE-SQS: EventBridge cannot send to a queue
 * under the AWS-managed SQS KMS key, and a customer key would need a key policy for EventBridge for
 * no gain: the messages are AWS's own event notices). Only this queue's EventBridge rules may send
 * (`aws:SourceArn`); any request over plain HTTP is denied.
 */
export class InterruptionQueue extends Construct {
  readonly queue: SqsQueue;
  readonly queueName: string;
  readonly queueArn: string;
  readonly rules: readonly CloudwatchEventRule[];
  readonly targets: readonly CloudwatchEventTarget[];

  constructor(scope: Construct, id: string, props: InterruptionQueueProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      messageRetentionSeconds: INTERRUPTION_MESSAGE_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });
    this.queueName = props.queueName;
    this.queueArn = this.queue.arn;
    const rules: CloudwatchEventRule[] = [];
    const targets: CloudwatchEventTarget[] = [];
    for (const event of INTERRUPTION_EVENTS) {
      const rule = new CloudwatchEventRule(this, `rule-${event.id}`, {
        name: `${props.ruleNamePrefix}-${event.id}`,
        description: `Karpenter: ${event.why}`,
        eventPattern: JSON.stringify({ 'source': [event.source], 'detail-type': [event.detailType] }),
      });
      rules.push(rule);
      targets.push(new CloudwatchEventTarget(this, `target-${event.id}`, { rule: rule.name, targetId: 'KarpenterInterruptionQueueTarget', arn: this.queue.arn }));
    }
    new SqsQueuePolicy(this, 'policy', {
      queueUrl: this.queue.url,
      policy: policyJson(
        {
          // Karpenter's template allows events.amazonaws.com and sqs.amazonaws.com with no
          // condition: any EventBridge rule of any account could then fill the queue with forged
          // interruption notices (a confused deputy that drains nodes). Only this queue's own rules
          // may send; no SQS feature sends here (nothing redrives into it), so SQS is left out.
          Sid: 'EventBridgeSendsInterruptionEvents',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: this.queue.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': rules.map((rule) => rule.arn) } },
        },
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Resource: this.queue.arn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ),
    });
    this.rules = rules;
    this.targets = targets;
  }
}
