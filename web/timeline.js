// The timeline: a canvas of lanes (shot thumbnails, scenes, one lane per person, objects,
// answer evidence) over a visible time range that zooms and pans; a click seeks.
import { clock, colourOf, esc } from './api.js';

const ROW = { shots: 46, scenes: 18, person: 16, objects: 18, evidence: 16, ruler: 16 };
const MIN_SPAN_SEC = 2;
/** Person lanes shown before "show all": the most-seen people (a long film has hundreds of clusters). */
const MAX_PERSON_LANES = 24;

/** Lanes of the timeline, from the loaded video (see data.js) and the cast. */
function lanesOf(video, cast, allPeople) {
  const lanes = [
    { kind: 'ruler', label: '' },
    { kind: 'shots', label: `shots (${video.shots.shots.length})` },
  ];
  if (video.scenes.length) lanes.push({ kind: 'scenes', label: `scenes (${video.scenes.length})` });
  for (const person of allPeople ? cast : cast.slice(0, MAX_PERSON_LANES))
    lanes.push({ kind: 'person', label: person.label, identityId: person.identityId, intervals: person.intervals });
  const objects = (video.spans?.tracks ?? []).filter((t) => t.classId !== 0);
  if (objects.length)
    lanes.push({ kind: 'objects', label: `objects (${new Set(objects.map((t) => t.className)).size} classes)`, tracks: objects });
  const evidence = video.answers.flatMap((a) => (a.answer.evidence ?? []).map((e) => ({ ...e, task: a.name })));
  if (evidence.length) lanes.push({ kind: 'evidence', label: 'answer evidence', evidence });
  return lanes;
}

/** Index of the last item with `startSec ≤ t` in a list sorted by startSec. */
export function indexAt(items, t) {
  let lo = 0,
    hi = items.length - 1,
    best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].startSec <= t) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * Builds the timeline in `root` for a loaded video. `seek(sec)` moves the player;
 * `currentTime()` reads it. Returns `{ draw, setHighlight, follow }`.
 */
export function createTimeline(root, video, cast, thumbs, { seek, currentTime }, allPeople = false) {
  const started = performance.now();
  const duration = video.shots.video.durationSec;
  const lanes = lanesOf(video, cast, allPeople);
  const hidden = cast.length - lanes.filter((l) => l.kind === 'person').length;
  const state = { t0: 0, t1: duration, highlight: null, drag: null };
  root.innerHTML = `
    <div class="tl-bar"><button data-zoom="in" title="zoom in">+</button><button data-zoom="out" title="zoom out">−</button><button data-zoom="fit">fit</button>${hidden > 0 ? `<button data-all>show all ${cast.length} people</button>` : ''}
      <span class="muted tl-range"></span></div>
    <div class="tl-body"><div class="tl-labels">${lanes.map((l) => `<div class="lane lane-${l.kind}" data-kind="${l.kind}" ${l.identityId ? `data-identity="${l.identityId}"` : ''} style="height:${ROW[l.kind]}px">${l.kind === 'person' ? `<i style="background:${colourOf(l.identityId)}"></i>` : ''}${esc(l.label)}</div>`).join('')}</div>
    <canvas class="tl-canvas"></canvas></div>`;
  const canvas = root.querySelector('canvas');
  const ctx = canvas.getContext('2d');
  const height = lanes.reduce((h, l) => h + ROW[l.kind], 0);
  root.dataset.shots = String(video.shots.shots.length);
  root.dataset.personLanes = String(lanes.filter((l) => l.kind === 'person').length);
  root.dataset.people = String(cast.length);

  const xOf = (t, w) => ((t - state.t0) / (state.t1 - state.t0)) * w;
  const tOf = (x, w) => state.t0 + (x / w) * (state.t1 - state.t0);

  function draw() {
    const w = canvas.clientWidth,
      dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.height = `${height}px`;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, height);
    let y = 0;
    for (const lane of lanes) {
      const h = ROW[lane.kind];
      ctx.fillStyle = lane.kind === 'person' && state.highlight === lane.identityId ? '#fff4c2' : '#f7f8fa';
      ctx.fillRect(0, y, w, h - 1);
      DRAW[lane.kind](lane, y, h, w);
      y += h;
    }
    const px = xOf(currentTime(), w);
    ctx.fillStyle = '#d0021b';
    ctx.fillRect(Math.round(px) - 1, 0, 2, height);
    root.querySelector('.tl-range').textContent = `${clock(state.t0)} – ${clock(state.t1)}`;
  }

  const DRAW = {
    ruler(_lane, y, h, w) {
      const span = state.t1 - state.t0;
      const step = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].find((s) => (s / span) * w >= 70) ?? 3600;
      ctx.fillStyle = '#555';
      ctx.font = '10px system-ui';
      for (let t = Math.ceil(state.t0 / step) * step; t <= state.t1; t += step) {
        const x = xOf(t, w);
        ctx.fillRect(x, y + h - 5, 1, 4);
        ctx.fillText(clock(t, 0), x + 2, y + 10);
      }
    },
    shots(_lane, y, h, w) {
      const shots = video.shots.shots;
      const tileW = Math.round(((h - 4) * 16) / 9);
      for (let x = 0; x < w; x += tileW) {
        const shot = shots[indexAt(shots, tOf(x + tileW / 2, w))];
        const bmp = shot && thumbs.bitmap(shot.index, () => requestAnimationFrame(draw));
        if (bmp) ctx.drawImage(bmp, x, y + 2, tileW - 1, h - 4);
      }
      // Shot edges where they are at least 6 px apart (zoomed out on a long video they would cover the strip).
      ctx.fillStyle = '#fff';
      let lastX = -Infinity;
      for (let i = indexAt(shots, state.t0); i < shots.length && shots[i].startSec <= state.t1; i++) {
        const x = Math.round(xOf(shots[i].startSec, w));
        if (x - lastX < 6) continue;
        ctx.fillRect(x, y, 2, h);
        lastX = x;
      }
    },
    scenes(_lane, y, h, w) {
      video.scenes.forEach((s, i) => {
        if (s.endSec < state.t0 || s.startSec > state.t1) return;
        const x = xOf(s.startSec, w),
          x2 = xOf(s.endSec, w);
        ctx.fillStyle = i % 2 ? '#9fb7e6' : '#c3d3f2';
        ctx.fillRect(x, y + 2, Math.max(1, x2 - x - 1), h - 4);
        if (x2 - x > 50) {
          ctx.fillStyle = '#123';
          ctx.font = '10px system-ui';
          ctx.fillText(s.label, Math.max(x, 0) + 3, y + h - 5);
        }
      });
    },
    person(lane, y, h, w) {
      ctx.fillStyle = colourOf(lane.identityId);
      for (const [a, b] of lane.intervals) {
        if (b < state.t0 || a > state.t1) continue;
        const x = xOf(a, w);
        ctx.fillRect(x, y + 3, Math.max(2, xOf(b, w) - x), h - 6);
      }
    },
    objects(lane, y, h, w) {
      ctx.font = '9px system-ui';
      for (const t of lane.tracks) {
        if (t.endSec < state.t0 || t.startSec > state.t1) continue;
        const x = xOf(t.startSec, w),
          x2 = Math.max(x + 2, xOf(t.endSec, w));
        ctx.fillStyle = '#8a8f98';
        ctx.fillRect(x, y + 3, x2 - x, h - 6);
        if (x2 - x > 40) {
          ctx.fillStyle = '#fff';
          ctx.fillText(t.className, x + 2, y + h - 6);
        }
      }
    },
    evidence(lane, y, h, w) {
      ctx.fillStyle = '#e07b00';
      for (const e of lane.evidence) {
        if (e.endSec < state.t0 || e.startSec > state.t1) continue;
        const x = xOf(e.startSec, w);
        ctx.fillRect(x, y + 3, Math.max(3, xOf(e.endSec, w) - x), h - 6);
      }
    },
  };

  function setRange(t0, t1) {
    const span = Math.min(duration, Math.max(MIN_SPAN_SEC, t1 - t0));
    const start = Math.min(Math.max(0, t0), duration - span);
    state.t0 = start;
    state.t1 = start + span;
    draw();
  }

  function zoom(factor, atSec) {
    const at = atSec ?? currentTime();
    setRange(at - (at - state.t0) * factor, at + (state.t1 - at) * factor);
  }

  root.querySelector('.tl-bar').addEventListener('click', (e) => {
    const z = e.target.closest('[data-zoom]')?.dataset.zoom;
    if (z === 'in') zoom(0.5);
    if (z === 'out') zoom(2);
    if (z === 'fit') setRange(0, duration);
    if (e.target.closest('[data-all]')) Object.assign(api, createTimeline(root, video, cast, thumbs, { seek, currentTime }, true));
  });
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const w = canvas.clientWidth,
        at = tOf(e.offsetX, w);
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        const d = ((e.shiftKey ? e.deltaY : e.deltaX) / w) * (state.t1 - state.t0);
        setRange(state.t0 + d, state.t1 + d);
      } else zoom(e.deltaY > 0 ? 1.25 : 0.8, at);
    },
    { passive: false },
  );
  canvas.addEventListener('pointerdown', (e) => {
    state.drag = { x: e.clientX, t0: state.t0, t1: state.t1, moved: false };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!state.drag) return;
    const dx = e.clientX - state.drag.x;
    if (Math.abs(dx) > 3) state.drag.moved = true;
    if (!state.drag.moved) return;
    const d = (-dx / canvas.clientWidth) * (state.drag.t1 - state.drag.t0);
    setRange(state.drag.t0 + d, state.drag.t1 + d);
  });
  canvas.addEventListener('pointerup', (e) => {
    const drag = state.drag;
    state.drag = null;
    if (drag && !drag.moved) seek(tOf(e.offsetX, canvas.clientWidth));
  });
  window.addEventListener('resize', draw);

  draw();
  root.dataset.renderMs = (performance.now() - started).toFixed(1);
  const api = {
    draw,
    setHighlight(identityId) {
      state.highlight = identityId;
      for (const el of root.querySelectorAll('.lane[data-identity]')) el.classList.toggle('hl', Number(el.dataset.identity) === identityId);
      draw();
    },
    /** Keeps the playhead in view while playing. */
    follow(t) {
      if (t < state.t0 || t > state.t1) setRange(t - (state.t1 - state.t0) * 0.1, t + (state.t1 - state.t0) * 0.9);
      else draw();
    },
  };
  return api;
}
