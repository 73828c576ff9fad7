import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';

export interface PlatformLogGroupsProps {
  /**
   * Log group path of the environment, without slashes around it: `<prefix>/<env>`, e.g. `qa/dev`
   * (groups become `/qa/dev/...`, under the `/<prefix>/*` names the CI apply role may manage).
   */
  readonly name: string;
  /** Retention of every group, in days (a value CloudWatch accepts; validated in stacks/config). */
  readonly retentionDays: number;
}

/**
 * The CloudWatch log groups the ADOT collector writes to. Terraform creates them (with retention)
 * instead of the collector, so the collector role needs no `logs:CreateLogGroup` and nothing is
 * left behind, unbounded, after a destroy.
 */
export class PlatformLogGroups extends Construct {
  /** The chatbot's application logs (the collector's logs exporter). */
  readonly chatbotLogGroup: CloudwatchLogGroup;
  /** The collector's own logs. */
  readonly collectorLogGroup: CloudwatchLogGroup;
  /** EMF records of the chatbot metrics (the collector's awsemf exporter), kept apart from logs. */
  readonly metricsLogGroup: CloudwatchLogGroup;
  /** ARNs (without `:*`) of every group above, for the collector's role. */
  readonly logGroupArns: string[];

  constructor(scope: Construct, id: string, props: PlatformLogGroupsProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays <= 0) {
      throw new Error(`PlatformLogGroups: retentionDays must be a positive whole number of days, got ${props.retentionDays}`);
    }
    const group = (logicalId: string, name: string) =>
      new CloudwatchLogGroup(this, logicalId, { name, retentionInDays: props.retentionDays });
    this.chatbotLogGroup = group('chatbot', `/${props.name}/chatbot/application`);
    this.collectorLogGroup = group('collector', `/${props.name}/otel-collector`);
    this.metricsLogGroup = group('metrics', `/${props.name}/chatbot/metrics`);
    this.logGroupArns = [this.chatbotLogGroup.arn, this.collectorLogGroup.arn, this.metricsLogGroup.arn];
  }
}
