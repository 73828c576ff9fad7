import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { policyJson } from '../shared/policy-document';

/** The table's key and TTL attribute: the contract with chatbot/src/spend/token-counter.ts. */
export const TOKEN_TABLE_PARTITION_KEY = 'pk';
export const TOKEN_TABLE_TTL_ATTRIBUTE = 'expiresAt';

/** What the chatbot does with its day's item: read the total, add an answer's tokens atomically. */
export const TOKEN_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;

export interface TokenBudgetTableProps {
  /** Table name (`<prefix>-<env>-chatbot-tokens`). */
  readonly tableName: string;
  /** Production keeps the table from being deleted by a destroy it did not mean. */
  readonly production: boolean;
  /**
   * Point-in-time recovery. Off by default: the table holds one counter per day that expires by
   * itself, so a restore would bring back nothing worth its cost.
   * @default false
   */
  readonly pointInTimeRecovery?: boolean;
}

/**
 * The shared counter behind the daily token budget: one item per UTC day (`pk = tokens#YYYY-MM-DD`)
 * that every chatbot pod increments atomically with the tokens Bedrock reports (UpdateItem ADD),
 * and reads back with a short cache. On-demand (a counter's traffic is a few writes per answer,
 * no capacity to plan), encrypted with the AWS managed key, items expire through `expiresAt`.
 */
export class TokenBudgetTable extends Construct {
  readonly table: DynamodbTable;
  readonly tableName: string;
  readonly tableArn: string;

  constructor(scope: Construct, id: string, props: TokenBudgetTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: TOKEN_TABLE_PARTITION_KEY,
      attribute: [{ name: TOKEN_TABLE_PARTITION_KEY, type: 'S' }],
      ttl: { attributeName: TOKEN_TABLE_TTL_ATTRIBUTE, enabled: true },
      // Encrypted with the AWS managed key (aws/dynamodb): auditable in CloudTrail, and the
      // chatbot's role needs no KMS grant for it.
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: props.pointInTimeRecovery ?? false },
      deletionProtectionEnabled: props.production,
    });
    this.tableName = this.table.name;
    this.tableArn = this.table.arn;
  }

  /** Let `roleName` (the chatbot's Pod Identity role) read and add to the counters of this table only. */
  grantCounterAccess(roleName: string): IamRolePolicy {
    return new IamRolePolicy(this, 'counter-access', {
      name: `${roleName}-token-budget`,
      role: roleName,
      policy: policyJson({ Sid: 'DailyTokenCounter', Effect: 'Allow', Action: [...TOKEN_TABLE_ACTIONS], Resource: this.table.arn }),
    });
  }
}
