/**
 * The fixed sentences around the detail: the header of parts 2..N, the note in part 1 saying how
 * much detail was given up, and the last line when even addresses did not all fit.
 */
import { markdownLink, safeUrl } from './markdown';
import type { DetailLevel } from './types';

/** "the full plan (workflow artifact)" as a link when the artifact URL is known. */
export function fullPlanLink(artifactUrl: string | undefined): string {
  const url = safeUrl(artifactUrl);
  return url ? markdownLink('full plan (workflow artifact)', url) : 'full plan in the workflow run artifacts';
}

/** First line of parts 2..N (after the marker). */
export function continuationHeader(part: number, total: number, shortSha: string): string {
  return `**Terraform plan, part ${part} of ${total}** · commit ${shortSha} · continued from part ${part - 1}`;
}

/** Part 1's note on degraded detail; undefined at full detail. */
export function degradeNotice(
  level: DetailLevel,
  maxParts: number,
  counts: { readonly diffsDropped: number; readonly addressesLeftOut: number },
  artifactUrl: string | undefined,
): string | undefined {
  const link = fullPlanLink(artifactUrl);
  const limit = `This plan is too large for ${maxParts} comment(s)`;
  if (level === 'attributes-dropped') {
    return `> [!NOTE]\n> ${limit}: the attribute diffs of the ${counts.diffsDropped} largest resource change(s) are left out. See the ${link} for everything.`;
  }
  if (level === 'addresses-only') {
    const left = counts.addressesLeftOut ? `, and ${counts.addressesLeftOut} address(es) did not fit even so` : '';
    return `> [!NOTE]\n> ${limit}: resources are listed by address only, without attribute diffs${left}. See the ${link} for everything.`;
  }
  return undefined;
}

/** Last line of the last part when addresses-only detail still did not all fit. */
export function leftOutTrailer(addresses: number, others: number, artifactUrl: string | undefined): string {
  const more = others ? ` and ${others} other item(s)` : '';
  return `**… and ${addresses} more resource address(es)${more} that did not fit; see the ${fullPlanLink(artifactUrl)}.**`;
}
