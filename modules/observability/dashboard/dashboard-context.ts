/** What every widget builder of the chatbot dashboard needs: the environment and its SLIs. */
import type { EnvironmentConfig } from '../../shared/environment-config';
import { metricNamespace } from '../../shared/naming';
import { serviceLevelIndicators, type ServiceLevelIndicator, type SliName } from '../slo-definitions';

export interface DashboardContext {
  readonly env: EnvironmentConfig;
  /** The chatbot's CloudWatch namespace (`<prefix>/<env>/chatbot`). */
  readonly namespace: string;
  readonly region: string;
  readonly slis: readonly ServiceLevelIndicator[];
}

export function dashboardContext(env: EnvironmentConfig): DashboardContext {
  return { env, namespace: metricNamespace(env.namePrefix, env.name), region: env.region, slis: serviceLevelIndicators(env) };
}

/** Short query id prefixes per SLI (ids must be unique within a widget). */
export const SLI_ID: Record<SliName, string> = { availability: 'avail', latency: 'lat' };

/** `availability` -> `Availability`. */
export function sliTitle(sli: Pick<ServiceLevelIndicator, 'name'>): string {
  return sli.name.charAt(0).toUpperCase() + sli.name.slice(1);
}

/** A widget's own relative time range for a window of `minutes`: `-PT5M`, `-PT6H`, `-P3D`. */
export function relativeStart(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes <= 0) throw new Error(`relativeStart: a window is a positive whole number of minutes, got ${minutes}`);
  if (minutes % (24 * 60) === 0) return `-P${minutes / (24 * 60)}D`;
  if (minutes % 60 === 0) return `-PT${minutes / 60}H`;
  return `-PT${minutes}M`;
}

/** Colours used with one meaning across the dashboard. */
export const COLORS = { good: '#2ca02c', warning: '#ff7f0e', bad: '#d62728', neutral: '#7f7f7f', page: '#d62728', ticket: '#ff7f0e' } as const;
