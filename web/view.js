// The video view: player + overlay, timeline, cast, answers, summary, artifacts, keys.
import { clock, esc } from './api.js';
import { castOf, renderCast } from './cast.js';
import { loadVideo, Thumbs } from './data.js';
import { createOverlay } from './overlay.js';
import { renderAnswers, renderArtifacts, renderSummary } from './panels.js';
import { createTimeline, indexAt } from './timeline.js';

const $ = (id) => document.getElementById(id);
let active = null;

/** Shows a failed video: where it failed and why. */
export function showFailure(v) {
  closeView();
  $('view').hidden = false;
  $('view').dataset.videoId = v.videoId;
  $('title').textContent = v.filename;
  $('content').hidden = true;
  const e = v.error ?? { code: 'FAILED', message: 'no reason was recorded' };
  $('failure').hidden = false;
  $('failure').innerHTML =
    `<b>This video failed${e.stage ? ` at ${esc(e.stage)}` : ''}.</b> <code>${esc(e.code)}</code>: ${esc(e.message)}`;
  $('view').dataset.ready = 'failed';
}

/** Opens a finished video; resolves when the view is ready (`#view[data-ready]`). */
export async function showVideo(v) {
  const clicked = performance.now();
  closeView();
  const view = $('view');
  view.hidden = false;
  view.dataset.videoId = v.videoId;
  $('failure').hidden = true;
  $('content').hidden = false;
  $('title').textContent = `${v.filename} — loading…`;
  const video = await loadVideo(v.videoId);
  if (view.dataset.videoId !== v.videoId) return; // another video was opened meanwhile
  const player = $('player');
  const source = video.results.artifacts.source;
  if (source) player.src = source.url;
  const s = video.results.summary;
  $('title').textContent = `${v.filename} — ${s.width}×${s.height}, ${clock(s.durationSec)}`;
  const thumbs = new Thumbs(video.thumbs, video.pack);
  const cast = castOf(video.spans);
  const seek = (sec) => {
    player.currentTime = Math.min(Math.max(0, sec), s.durationSec);
    timeline.follow(player.currentTime);
  };
  const timeline = createTimeline($('timeline'), video, cast, thumbs, { seek, currentTime: () => player.currentTime });
  const overlay = createOverlay($('overlay'), player, video.boxes, { width: s.width, height: s.height });
  const highlight = (id) => {
    timeline.setHighlight(id);
    overlay.setHighlight(id);
    castView.setHighlight(id);
  };
  const castView = renderCast($('cast'), cast, thumbs, highlight);
  renderAnswers($('answers'), video.answers, seek);
  renderSummary($('summary'), video, cast);
  renderArtifacts($('artifacts'), $('raw'), video.results.artifacts);
  $('boxes-on').onchange = (e) => overlay.setVisible(e.target.checked);
  const onTime = () => {
    timeline.follow(player.currentTime);
    $('now').textContent = clock(player.currentTime);
  };
  player.addEventListener('timeupdate', onTime);
  const onKey = (e) => keyboard(e, player, video.shots.shots, seek);
  document.addEventListener('keydown', onKey);
  active = {
    stop: () => {
      overlay.stop();
      player.removeEventListener('timeupdate', onTime);
      document.removeEventListener('keydown', onKey);
    },
  };
  await video.boxes.ready(0);
  overlay.draw();
  view.dataset.readyMs = (performance.now() - clicked).toFixed(0);
  view.dataset.ready = 'done';
}

/** Space plays/pauses; ←/→ go to the previous/next shot's start. Not while typing in a field. */
function keyboard(e, player, shots, seek) {
  if (e.target.closest?.('input, textarea, select')) return;
  if (e.key === ' ') {
    e.preventDefault();
    if (player.paused) player.play().catch(() => undefined);
    else player.pause();
  } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    e.preventDefault();
    const i = indexAt(shots, player.currentTime + 1e-3);
    const target =
      e.key === 'ArrowRight'
        ? shots[Math.min(shots.length - 1, i + 1)]
        : shots[player.currentTime - shots[i].startSec > 0.5 ? i : Math.max(0, i - 1)];
    seek(target.startSec + 1e-3);
  }
}

/** Stops the current view's listeners and clears its state. */
export function closeView() {
  active?.stop();
  active = null;
  const view = $('view');
  delete view.dataset.ready;
  delete view.dataset.readyMs;
  $('player').removeAttribute('src');
  $('player').load();
  $('player').currentTime = 0; // without a source this is where the next one starts
  $('raw').hidden = true;
}
