// Tracked boxes over the playing video: a canvas the size of the picture, redrawn per frame.
import { colourOf } from './api.js';

/** Farthest (s) a track point may be from the playhead to still be drawn (detections run at ~5/s). */
const MAX_POINT_GAP_SEC = 0.3;

/** The point of a track nearest `t` within MAX_POINT_GAP_SEC (points are in time order). */
export function pointAt(points, t) {
  let lo = 0,
    hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].seconds < t) lo = mid + 1;
    else hi = mid;
  }
  const cands = [points[lo - 1], points[lo]].filter(Boolean);
  let best = null;
  for (const p of cands)
    if (Math.abs(p.seconds - t) <= MAX_POINT_GAP_SEC && (!best || Math.abs(p.seconds - t) < Math.abs(best.seconds - t))) best = p;
  return best;
}

/**
 * Draws the boxes of `boxes.at(t)` over `player`, scaled from source pixels to the shown
 * picture (letterboxed inside the element). Identity colours and labels; a highlighted
 * identity is drawn thick and the others faint; `visible=false` hides everything.
 */
export function createOverlay(canvas, player, boxes, source) {
  const state = { visible: true, highlight: null, drawn: 0 };
  const ctx = canvas.getContext('2d');

  function draw() {
    const w = player.clientWidth,
      h = player.clientHeight,
      dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    state.drawn = 0;
    if (!state.visible) return publish();
    const tracks = boxes.at(player.currentTime);
    if (!tracks) return publish();
    const scale = Math.min(w / source.width, h / source.height);
    const ox = (w - source.width * scale) / 2,
      oy = (h - source.height * scale) / 2;
    ctx.font = 'bold 12px system-ui';
    for (const track of tracks) {
      const p = pointAt(track.points, player.currentTime);
      if (!p) continue;
      const [x1, y1, x2, y2] = p.box;
      const colour = colourOf(track.classId === 0 ? track.identityId : null);
      const dim = state.highlight !== null && track.identityId !== state.highlight;
      ctx.globalAlpha = dim ? 0.35 : 1;
      ctx.lineWidth = state.highlight !== null && !dim ? 4 : 2;
      ctx.strokeStyle = colour;
      ctx.strokeRect(ox + x1 * scale, oy + y1 * scale, (x2 - x1) * scale, (y2 - y1) * scale);
      const label = track.classId === 0 && track.identityId !== null ? `person ${track.identityId}` : track.className;
      const tw = ctx.measureText(label).width + 6;
      ctx.fillStyle = colour;
      ctx.fillRect(ox + x1 * scale, Math.max(0, oy + y1 * scale - 16), tw, 16);
      ctx.fillStyle = '#000';
      ctx.fillText(label, ox + x1 * scale + 3, Math.max(12, oy + y1 * scale - 4));
      state.drawn++;
    }
    ctx.globalAlpha = 1;
    publish();
  }

  function publish() {
    canvas.dataset.boxes = String(state.drawn);
  }

  let raf = 0;
  const loop = () => {
    draw();
    raf = player.paused ? 0 : requestAnimationFrame(loop);
  };
  const kick = () => {
    if (!raf) raf = requestAnimationFrame(loop);
  };
  player.addEventListener('play', kick);
  player.addEventListener('seeked', () => boxes.ready(player.currentTime).then(draw));
  player.addEventListener('timeupdate', kick);
  player.addEventListener('loadedmetadata', draw);
  window.addEventListener('resize', draw);
  return {
    draw,
    setVisible(v) {
      state.visible = v;
      draw();
    },
    setHighlight(id) {
      state.highlight = id;
      draw();
    },
    stop() {
      cancelAnimationFrame(raf);
    },
  };
}
