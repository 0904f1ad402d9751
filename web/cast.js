// The cast: one card per identity (thumbnail, screen time, appearances, first/last).
import { clock, colourOf, esc } from './api.js';

/** Gap (s) under which two tracks of a person count as one stretch on screen. */
const JOIN_GAP_SEC = 0.5;

/**
 * People by identity from the track spans, most screen time first: each with its merged
 * on-screen intervals, screen time, appearances (tracks) and first/last second.
 */
export function castOf(spans) {
  const byId = new Map();
  for (const t of spans?.tracks ?? []) {
    if (t.classId !== 0 || t.identityId === null) continue;
    const p = byId.get(t.identityId) ?? { identityId: t.identityId, tracks: [] };
    p.tracks.push(t);
    byId.set(t.identityId, p);
  }
  const cast = [...byId.values()].map((p) => {
    const sorted = p.tracks.map((t) => [t.startSec, t.endSec]).sort((a, b) => a[0] - b[0]);
    const intervals = [];
    for (const [a, b] of sorted) {
      const last = intervals[intervals.length - 1];
      if (last && a <= last[1] + JOIN_GAP_SEC) last[1] = Math.max(last[1], b);
      else intervals.push([a, b]);
    }
    const screenSec = intervals.reduce((s, [a, b]) => s + Math.max(b - a, 0.2), 0);
    return {
      identityId: p.identityId,
      intervals,
      screenSec,
      appearances: p.tracks.length,
      firstSec: sorted[0][0],
      lastSec: Math.max(...sorted.map((x) => x[1])),
    };
  });
  cast.sort((a, b) => b.screenSec - a.screenSec || a.identityId - b.identityId);
  for (const p of cast) p.label = `person ${p.identityId}`;
  return cast;
}

/** Renders the cast into `root`; `onPick(identityId | null)` on a click (a second click clears). */
export function renderCast(root, cast, thumbs, onPick) {
  if (!cast.length) {
    root.innerHTML = '<p class="muted">No people: this analysis did not run people tracking, or nobody was seen.</p>';
    return { setHighlight() {} };
  }
  root.innerHTML = cast
    .map((p) => {
      const entry = thumbs.byIdentity.get(p.identityId);
      const url = thumbs.url(entry);
      return `<button class="person" data-identity="${p.identityId}" style="--c:${colourOf(p.identityId)}">
      ${url ? `<img alt="${esc(p.label)}" src="${url}" title="${entry.kind} at ${clock(entry.seconds)}">` : '<span class="noimg">?</span>'}
      <b>${esc(p.label)}</b>
      <span>${p.screenSec.toFixed(1)} s on screen</span>
      <span>${p.appearances} appearance${p.appearances === 1 ? '' : 's'}</span>
      <span class="muted">${clock(p.firstSec)} – ${clock(p.lastSec)}</span></button>`;
    })
    .join('');
  let current = null;
  root.onclick = (e) => {
    const card = e.target.closest('[data-identity]');
    if (!card) return;
    const id = Number(card.dataset.identity);
    current = current === id ? null : id;
    onPick(current);
  };
  return {
    setHighlight(id) {
      current = id;
      for (const el of root.querySelectorAll('.person')) el.classList.toggle('hl', Number(el.dataset.identity) === id);
    },
  };
}
