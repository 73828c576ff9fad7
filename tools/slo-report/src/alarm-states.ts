/**
 * The environment's alarms and their states, for the hand-over: every metric and composite alarm
 * whose name starts with the environment's prefix, all pages. DescribeAlarms returns only metric
 * alarms unless AlarmTypes names both, and at most 100 per call.
 */
import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SloReportError } from './report-errors';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export const ALARM_STATES: readonly AlarmState[] = ['ALARM', 'INSUFFICIENT_DATA', 'OK'];

export interface AlarmStatus {
  readonly name: string;
  readonly type: 'metric' | 'composite';
  readonly state: AlarmState;
  /** CloudWatch's one-line reason for the state. */
  readonly reason: string;
  /** When the alarm entered its state. */
  readonly since?: Date;
  /** First line of the alarm description (the summary; the runbook link follows it). */
  readonly summary?: string;
  readonly actionsEnabled: boolean;
}

/** DescribeAlarms' page size limit. */
const MAX_RECORDS = 100;
const MAX_PAGES = 100;

export async function listAlarms(client: CloudWatchClient, namePrefix: string): Promise<AlarmStatus[]> {
  const alarms: AlarmStatus[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    if (pages === MAX_PAGES) throw new SloReportError(`DescribeAlarms still had more pages after ${MAX_PAGES} calls`);
    const answer = await client.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: namePrefix,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: MAX_RECORDS,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }),
    );
    pages++;
    for (const alarm of answer.MetricAlarms ?? []) alarms.push(status('metric', alarm));
    for (const alarm of answer.CompositeAlarms ?? []) alarms.push(status('composite', alarm));
    const token = answer.NextToken || undefined;
    if (token !== undefined && token === nextToken) throw new SloReportError('DescribeAlarms returned the same NextToken twice');
    nextToken = token;
  } while (nextToken !== undefined);
  return alarms.sort((a, b) => ALARM_STATES.indexOf(a.state) - ALARM_STATES.indexOf(b.state) || a.name.localeCompare(b.name));
}

interface DescribedAlarm {
  AlarmName?: string;
  AlarmDescription?: string;
  StateValue?: string;
  StateReason?: string;
  StateUpdatedTimestamp?: Date;
  ActionsEnabled?: boolean;
}

function status(type: AlarmStatus['type'], alarm: DescribedAlarm): AlarmStatus {
  const state = alarm.StateValue;
  if (state !== 'OK' && state !== 'ALARM' && state !== 'INSUFFICIENT_DATA') {
    throw new SloReportError(`DescribeAlarms answered with alarm "${alarm.AlarmName ?? '?'}" in an unknown state "${state ?? ''}"`);
  }
  const summary = alarm.AlarmDescription?.split('\n')[0].trim();
  return {
    name: alarm.AlarmName ?? '',
    type,
    state,
    reason: (alarm.StateReason ?? '').replace(/\s+/g, ' ').trim(),
    ...(alarm.StateUpdatedTimestamp === undefined ? {} : { since: alarm.StateUpdatedTimestamp }),
    ...(summary ? { summary } : {}),
    actionsEnabled: alarm.ActionsEnabled ?? true,
  };
}
