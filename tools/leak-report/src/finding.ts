/**
 * What the report lists: each leftover once, with every reason it was found for, what it costs
 * while it stays (where known), and the aws CLI command that deletes it.
 */

export interface CostEstimate {
  /** US dollars per month (730 hours) at list price. */
  readonly monthlyUsd: number;
  /** How it was worked out, e.g. "50 GiB gp3 × $0.088/GiB-month (eu-west-1)". */
  readonly basis: string;
}

export interface Finding {
  /** The ARN, or for what has none (Route53 records) a key of the same uniqueness. */
  readonly key: string;
  /** `service:resource-type`, e.g. `ec2:volume`, `elasticloadbalancing:loadbalancer/app`, `route53:record`. */
  readonly type: string;
  /** What a person searches for: the id or name (vol-..., the log group name, the record name). */
  readonly id: string;
  readonly arn?: string;
  /** The region it lives in, or `global`. */
  readonly region: string;
  readonly reasons: readonly string[];
  readonly cost?: CostEstimate;
  readonly deleteCommand: string;
  /**
   * Came from a check of its own service (with its state, size, attachments) rather than only
   * from the tagging index; the detailed one wins when the same resource is found twice.
   */
  readonly detailed: boolean;
}

/** A check that listed every resource of a kind in a region: what it saw, to tell stale tag-index entries from leftovers. */
export interface Listing {
  /** ARNs of the resources it saw that still count (a key pending deletion does not). */
  readonly present: ReadonlySet<string>;
  /** Does this listing cover `arn` (same service, resource type and region)? */
  covers(arn: string): boolean;
}

/** Where a check puts what it finds, as it finds it: a check that fails halfway keeps what it had. */
export interface FindingSink {
  add(finding: Finding): void;
  /** Declare a complete listing (only once the check has seen all of it). */
  listed(listing: Listing): void;
}

/** Collects findings from every check and merges those that are the same resource. */
export class FindingSet implements FindingSink {
  private readonly byKey = new Map<string, Finding>();
  private readonly listings: Listing[] = [];

  public add(finding: Finding): void {
    const known = this.byKey.get(finding.key);
    if (!known) {
      this.byKey.set(finding.key, finding);
      return;
    }
    const [main, other] = finding.detailed && !known.detailed ? [finding, known] : [known, finding];
    const reasons = [...main.reasons, ...other.reasons.filter((r) => !main.reasons.includes(r))];
    this.byKey.set(finding.key, { ...main, reasons, cost: main.cost ?? other.cost, detailed: main.detailed || other.detailed });
  }

  public listed(listing: Listing): void {
    this.listings.push(listing);
  }

  /**
   * Every finding, in a stable order (type, then id), without the tag-index entries that a
   * complete listing of their kind shows to be gone (the tagging index lags behind deletions) or
   * not to count (a KMS key pending deletion).
   */
  public results(): { findings: Finding[]; staleTagIndexEntries: string[] } {
    const findings: Finding[] = [];
    const stale: string[] = [];
    for (const finding of this.byKey.values()) {
      const arn = finding.arn;
      if (!finding.detailed && arn && this.listings.some((l) => l.covers(arn) && !l.present.has(arn))) {
        stale.push(arn);
        continue;
      }
      findings.push(finding);
    }
    findings.sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
    return { findings, staleTagIndexEntries: stale.sort() };
  }
}
