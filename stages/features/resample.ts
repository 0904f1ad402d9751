/**
 * MERV-style resampling onto a time grid: the nearest sample within a tolerance, else
 * nothing (the caller masks the value).
 */

/**
 * Index of the sample in `times` (ascending) nearest to `t` with |times[k] − t| ≤ tol, or −1.
 * On equal distance the lower index wins (the earlier sample; for equal times the one that
 * came first), so the choice is deterministic.
 */
export function nearestWithin(times: Float64Array, t: number, tol: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  // lo: first index with times[lo] ≥ t. Candidates: lo − 1 (before) and lo (at/after).
  let best = -1;
  let bestDist = Number.POSITIVE_INFINITY;
  const before = lo - 1;
  if (before >= 0) {
    // Walk back to the first of equal times so ties keep input order.
    let b = before;
    while (b > 0 && times[b - 1] === times[before]) b--;
    best = b;
    bestDist = t - times[before]!;
  }
  if (lo < times.length && times[lo]! - t < bestDist) {
    best = lo;
    bestDist = times[lo]! - t;
  }
  return best >= 0 && bestDist <= tol ? best : -1;
}
