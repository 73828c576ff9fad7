import { BudgetsBudget, type BudgetsBudgetNotification } from '@cdktf/provider-aws/lib/budgets-budget';
import { Construct } from 'constructs';

/** Cost Explorer's name of the Bedrock service (first-party models such as Nova and Titan). */
export const BEDROCK_COST_SERVICE = 'Amazon Bedrock';

/** The alarm topics of the environment (modules/observability): `page` wakes someone, `ticket` waits. */
export interface AlarmTopicArns {
  readonly page: string;
  readonly ticket: string;
}

export interface BedrockBudgetProps {
  /** Budget name (`<prefix>-<env>-bedrock`). */
  readonly name: string;
  readonly monthlyLimitUsd: number;
  /** Where notifications go; absent: the budget is tracked in the console without notifications. */
  readonly alarmTopics?: AlarmTopicArns;
}

/**
 * An AWS Budgets cost budget on the month's Bedrock spend of the account. It tells the on-call
 * topics at 80 % of the limit actually spent (ticket), 100 % forecast (ticket) and 100 % actually
 * spent (page). It stops nothing by itself: the chatbot's daily token budget does that.
 */
export class BedrockBudget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: BedrockBudgetProps) {
    super(scope, id);
    if (!(props.monthlyLimitUsd > 0)) throw new Error(`BedrockBudget: monthlyLimitUsd must be more than 0, got ${props.monthlyLimitUsd}`);
    const topics = props.alarmTopics;
    const notify = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number, topic: string): BudgetsBudgetNotification => ({
      notificationType,
      comparisonOperator: 'GREATER_THAN',
      threshold,
      thresholdType: 'PERCENTAGE',
      subscriberSnsTopicArns: [topic],
    });
    this.budget = new BudgetsBudget(this, 'budget', {
      name: props.name,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      limitAmount: props.monthlyLimitUsd.toFixed(2),
      limitUnit: 'USD',
      costFilter: [{ name: 'Service', values: [BEDROCK_COST_SERVICE] }],
      notification: topics ? [notify('ACTUAL', 80, topics.ticket), notify('FORECASTED', 100, topics.ticket), notify('ACTUAL', 100, topics.page)] : [],
    });
  }
}
