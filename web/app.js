// The page: API key, upload (with the analyses to run), the video list; opens the view.
import { api, ApiError, esc, key, uploadVideo } from './api.js';
import { closeView, showFailure, showVideo } from './view.js';

const $ = (id) => document.getElementById(id);
let videos = [];

$('key').value = key.get();
$('save').onclick = () => {
  key.set($('key').value);
  refresh();
};

/** Messages for the errors a person can fix, by API error code. */
const HINTS = {
  UNAUTHORIZED: 'the API key is missing or wrong — create one with `npx lvu keys create --tenant NAME` and paste it above',
  UNSUPPORTED_MEDIA_TYPE: 'this file is not a video the platform accepts',
  PAYLOAD_TOO_LARGE: 'the file is larger than this platform accepts',
};

function showUploadError(err) {
  const hint = err instanceof ApiError ? HINTS[err.code] : undefined;
  $('upmsg').innerHTML =
    `<span class="err" data-code="${esc(err.code ?? 'ERROR')}">${hint ? `${esc(hint)} <span class="muted">(${esc(err.message)})</span>` : esc(err.message)}</span>`;
}

$('upload').onclick = async () => {
  const file = $('file').files[0];
  if (!file) return showUploadError(new Error('choose a video file first'));
  const tasks = [...document.querySelectorAll('input[name=task]:checked')].map((i) => i.value);
  const bar = $('sent');
  bar.hidden = false;
  bar.value = 0;
  $('upmsg').textContent = 'declaring…';
  try {
    const videoId = await uploadVideo(file, tasks.length ? tasks : ['shots'], (fraction, text) => {
      bar.value = fraction;
      $('upmsg').textContent = `${text} ${(100 * fraction).toFixed(0)} %`;
    });
    bar.value = 1;
    $('upmsg').innerHTML = `<span data-uploaded="${esc(videoId)}">uploaded; processing starts</span>`;
    refresh();
  } catch (err) {
    bar.hidden = true;
    showUploadError(err);
  }
};

function row(v) {
  const p = v.progress;
  const stage =
    v.status === 'processing' || v.status === 'queued' ? `${p.stage}${p.chunksTotal ? ` ${p.chunksDone}/${p.chunksTotal}` : ''}` : '';
  return `<tr class="pick" data-id="${v.videoId}" data-status="${v.status}">
    <td>${esc(v.filename)}</td>
    <td class="status">${v.status}${v.error ? ` <span class="err">${esc(v.error.code)}</span>` : ''}</td>
    <td><progress max="1" value="${p.fraction}"></progress> <span class="muted">${stage}</span></td>
    <td class="muted">${esc(v.tasks.join(', '))}</td>
    <td class="muted">${new Date(v.createdAt).toLocaleString()}</td>
    <td><button data-del="${v.videoId}" title="delete with every artifact">delete</button></td></tr>`;
}

async function refresh() {
  if (!key.get()) {
    $('list').innerHTML = '<tr><td colspan="6" class="muted">Paste an API key above to see your videos.</td></tr>';
    return;
  }
  try {
    ({ videos } = await api('GET', '/videos?limit=50'));
    $('list').innerHTML = videos.map(row).join('') || '<tr><td colspan="6" class="muted">No videos yet.</td></tr>';
  } catch (err) {
    const hint = err instanceof ApiError ? HINTS[err.code] : undefined;
    $('list').innerHTML = `<tr><td colspan="6" class="err" data-code="${esc(err.code ?? 'ERROR')}">${esc(hint ?? err.message)}</td></tr>`;
  }
}

$('list').onclick = async (e) => {
  const del = e.target.closest('[data-del]');
  if (del) {
    await api('DELETE', `/videos/${del.dataset.del}`);
    if ($('view').dataset.videoId === del.dataset.del) {
      closeView();
      $('view').hidden = true;
    }
    return refresh();
  }
  const v = videos.find((x) => x.videoId === e.target.closest('tr[data-id]')?.dataset.id);
  if (!v) return;
  if (v.status === 'failed') return showFailure(v);
  if (v.status !== 'done') return;
  try {
    await showVideo(v);
  } catch (err) {
    $('title').textContent = `${v.filename}: ${err.message}`;
  }
};

refresh();
setInterval(() => {
  if (!document.hidden) refresh();
}, 2000);
