/**
 * "Did you mean …?" for a misspelled config key or value: the valid name closest to what was
 * typed, or nothing when no name is close enough to be a plausible typo (a wild guess misleads
 * more than a list of the valid names does).
 */

/** Optimal string alignment distance: edits, where swapping two neighbours counts as one. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/**
 * The candidate `typed` most likely meant, compared ignoring case (so `enableWAF` → `enableWaf`
 * is zero edits): the fewest edits within a third of the shorter name's length
 * (`logRetentionDay` → `logRetentionDays`), else a name that one of them starts with
 * (`diskSize` → `diskSizeGiB`). Ties go to the earlier candidate, i.e. the schema's order.
 */
export function nearestName(typed: string, candidates: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= Math.max(1, Math.floor(Math.min(lower.length, name.length) / 3)) && (best === undefined || distance < best.distance)) {
      best = { name, distance };
    }
  }
  if (best) return best.name;
  // A cut-off or over-long name (diskSize, instanceTypesList): only when the shared part is long
  // enough that it is not a coincidence.
  return candidates.find((c) => {
    const name = c.toLowerCase();
    return Math.min(name.length, lower.length) >= 4 && (name.startsWith(lower) || lower.startsWith(name));
  });
}
