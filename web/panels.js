// Answers, summary and raw artifacts of the video view.
import { clock, esc } from './api.js';

/** Largest part of an artifact shown inline (a 2-hour tracks.json is hundreds of MB). */
const RAW_PREVIEW_BYTES = 256 * 1024;

/** One row per task answer: label or value, confidence, head version, evidence spans (click → seek). */
export function renderAnswers(root, answers, seek) {
  if (!answers.length) {
    root.innerHTML = '<p class="muted">No answers: this video was not analysed with "answers", or they have not landed yet.</p>';
    return;
  }
  root.innerHTML = `<table><thead><tr><th>task</th><th>answer</th><th>confidence</th><th>head</th><th>evidence</th></tr></thead><tbody>${answers.map(answerRow).join('')}</tbody></table>`;
  root.onclick = (e) => {
    const span = e.target.closest('[data-seek]');
    if (span) seek(Number(span.dataset.seek));
  };
}

function answerRow({ model, name, answer }) {
  if (answer.status !== 'ok') {
    return `<tr class="not-trained" data-task="${esc(name)}"><td>${esc(name)} <span class="muted">${esc(model)}</span></td>
      <td colspan="4"><span class="tag">not trained</span> <span class="muted">${esc(answer.how ?? '')}</span></td></tr>`;
  }
  const value = answer.kind === 'regression' ? Number(answer.value).toFixed(3) : esc(answer.prediction);
  const confidence = answer.kind === 'classification' ? `${(100 * (answer.probabilities?.[answer.prediction] ?? 0)).toFixed(0)} %` : '—';
  const evidence = (answer.evidence ?? [])
    .map(
      (e) =>
        `<button class="ev" data-seek="${e.startSec}" title="support ${Number(e.support).toFixed(2)}">${clock(e.startSec)}–${clock(e.endSec)}</button>`,
    )
    .join(' ');
  return `<tr data-task="${esc(name)}"><td>${esc(name)} <span class="muted">${esc(model)}</span></td><td><b>${value}</b></td><td>${confidence}</td>
    <td>v${esc(answer.head?.version ?? '?')} <span class="muted">${esc(cvText(answer.head?.cv))}</span></td><td>${evidence || '<span class="muted">none</span>'}</td></tr>`;
}

/** `CV accuracy 0.82 (baseline 0.50)` from a head's cross-validation figures. */
function cvText(cv) {
  if (!cv || typeof cv.mean !== 'number') return '';
  return `CV ${cv.metric} ${cv.mean.toFixed(2)}${typeof cv.baseline === 'number' ? ` (baseline ${cv.baseline.toFixed(2)})` : ''}`;
}

/** Duration, shots by transition type, scenes, people, objects. */
export function renderSummary(root, video, cast) {
  const s = video.results.summary;
  const transitions =
    Object.entries(s.transitions)
      .map(([k, n]) => `${n} ${esc(k)}`)
      .join(', ') || 'none';
  const objects = s.objectsByClass
    ? Object.entries(s.objectsByClass)
        .map(([k, n]) => `${n} ${esc(k)}`)
        .join(', ') || 'none'
    : 'not analysed';
  root.innerHTML = `<dl>
    <dt>duration</dt><dd>${clock(s.durationSec)} (${s.frameCount} frames, ${s.fps.toFixed(2)} fps, ${s.width}×${s.height})</dd>
    <dt>shots</dt><dd>${s.shots}; transitions: ${transitions}</dd>
    <dt>scenes</dt><dd>${video.scenes.length || 'none'}</dd>
    <dt>people</dt><dd>${s.people === null ? 'not analysed' : `${s.people} tracks, ${s.identities} identities (${cast.length} in the cast)`}</dd>
    <dt>objects</dt><dd>${objects}</dd></dl>`;
}

/** Buttons per artifact; a click shows it in the page (JSON pretty-printed, large ones cut). */
export function renderArtifacts(root, pre, artifacts) {
  const names = Object.keys(artifacts).sort();
  root.innerHTML = names.map((n) => `<button data-artifact="${esc(n)}">${esc(n)}</button>`).join(' ');
  root.onclick = async (e) => {
    const name = e.target.closest('[data-artifact]')?.dataset.artifact;
    if (!name) return;
    pre.hidden = false;
    pre.textContent = `loading ${name}…`;
    try {
      pre.textContent = await preview(name, artifacts[name].url);
    } catch (err) {
      pre.textContent = `could not open ${name}: ${err.message}`;
    }
  };
}

async function preview(name, url) {
  if (name === 'source' || name.endsWith('.jpgs') || name.endsWith('.safetensors')) {
    const res = await fetch(url, { headers: { range: 'bytes=0-0' } });
    await res.arrayBuffer();
    const total = res.headers.get('content-range')?.split('/')[1] ?? res.headers.get('content-length');
    return `${name}: binary, ${total} bytes (${res.headers.get('content-type')})`;
  }
  const res = await fetch(url, { headers: { range: `bytes=0-${RAW_PREVIEW_BYTES - 1}` } });
  const text = await res.text();
  const total = Number(res.headers.get('content-range')?.split('/')[1] ?? text.length);
  if (total > text.length) return `${text}\n… (${total - text.length} more bytes)`;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
