/**
 * The known name a misspelt one most likely meant, for "did you mean" hints: the closest by edit
 * distance (a swap of two neighbours counts as one edit, so `prot` finds `port`), else the only
 * known name the misspelt one begins (`env` finds `environment`). Case is ignored. Undefined when
 * nothing is close enough to be a useful guess.
 */
export function suggestName(name: string, known: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  // A third of the name may be wrong: one edit in a short name, more in a long camelCase one.
  let bestDistance = Math.max(1, Math.floor(wanted.length / 3)) + 1;
  let best: string | undefined;
  for (const candidate of known) {
    const distance = measureEditDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  if (best !== undefined || wanted.length < 3) return best;
  const extensions = known.filter((candidate) => candidate.toLowerCase().startsWith(wanted));
  return extensions.length === 1 ? extensions[0] : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function measureEditDistance(a: string, b: string): number {
  // Three rows are enough: the swap looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, before[j - 2] + 1);
      current[j] = distance;
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}
