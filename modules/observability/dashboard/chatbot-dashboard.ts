import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';
import { chatbotDashboard } from './chatbot-dashboard-body';
import type { DashboardBody } from './dashboard-body';
import { dashboardBodyProblems } from './validate-dashboard-body';
import type { EnvironmentConfig } from '../../shared/environment-config';
import { environmentResourceName, metricNamespace } from '../../shared/naming';
import type { AlarmSpec } from '../alarm-spec';

export interface ChatbotDashboardProps {
  readonly environment: EnvironmentConfig;
  /**
   * The environment's alarm specs (../slo-alarm-specs.ts): the alarm status widget lists those
   * that notify, by ARN. Pass the specs the alarms construct synthesized.
   * @default - no alarm status widget; a note says no alarms are wired
   */
  readonly alarms?: readonly AlarmSpec[];
}

/** Dashboard names: 1-255 letters, digits, `-` and `_` (PutDashboard). */
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The chatbot's CloudWatch dashboard of one environment, `<prefix>-<env>-chatbot` (see
 * ./chatbot-dashboard-body.ts for what it shows). The body is checked against the documented
 * structure and the metric contract before it is written: PutDashboard would accept most mistakes
 * (a metric nothing publishes just draws an empty graph), so synth fails on them instead.
 */
export class ChatbotDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;
  readonly dashboardName: string;
  /** The body as built (typed), also what tests and the docs sketch read. */
  readonly body: DashboardBody;
  /** Where the console shows it. */
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string, props: ChatbotDashboardProps) {
    super(scope, id);
    const env = props.environment;
    this.dashboardName = `${environmentResourceName(env.namePrefix, env.name)}-chatbot`;
    if (!DASHBOARD_NAME.test(this.dashboardName)) throw new Error(`ChatbotDashboard: ${this.dashboardName} is no valid dashboard name (letters, digits, - and _, at most 255)`);
    this.body = chatbotDashboard(env, props.alarms);
    const problems = dashboardBodyProblems(this.body, { namespace: metricNamespace(env.namePrefix, env.name), region: env.region });
    if (problems.length > 0) throw new Error(`ChatbotDashboard ${this.dashboardName}: the dashboard body is invalid:\n  - ${problems.join('\n  - ')}`);
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName: this.dashboardName, dashboardBody: JSON.stringify(this.body) });
    this.consoleUrl = `https://${env.region}.console.aws.amazon.com/cloudwatch/home?region=${env.region}#dashboards/dashboard/${this.dashboardName}`;
  }
}
