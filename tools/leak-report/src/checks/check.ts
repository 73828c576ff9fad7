/** What every check gets, and what it is. */
import type { AwsClients } from '../aws-clients';
import type { FindingSink } from '../finding';
import type { EnvironmentScope } from '../scope';

export interface CheckContext {
  readonly scope: EnvironmentScope;
  /** `aws`, `aws-cn`, `aws-us-gov`: from the caller's own ARN. */
  readonly partition: string;
  readonly clients: AwsClients;
  /**
   * ARNs the tagging checks found, once they are done (empty when they failed): the EC2 check
   * looks each instance, volume and interface up for its state, size and attachments.
   */
  readonly taggedArns: Promise<readonly string[]>;
}

export interface Check {
  /** Short name shown in the report, e.g. "ELBv2 load balancers and target groups". */
  readonly name: string;
  /** The calls it makes, for the "not checked" line (what to allow). */
  readonly calls: readonly string[];
  run(context: CheckContext, sink: FindingSink): Promise<void>;
}

/** Run `work` over `items`, at most `limit` at a time (per-item calls, without a throttling storm). */
export async function inBatches<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Split `items` into arrays of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
