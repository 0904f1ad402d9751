// The /v1 API as the page uses it: JSON calls with the API key, uploads with progress.

/** An API failure: the envelope's code and message, and the HTTP status. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(`${code}: ${message}`);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let apiKey = localStorage.getItem('lvu.key') ?? '';

/** The key in use (kept in localStorage). */
export const key = {
  get: () => apiKey,
  set: (value) => {
    apiKey = value.trim();
    localStorage.setItem('lvu.key', apiKey);
  },
};

/** `fetch('/v1' + path)` with the key; JSON in and out; non-2xx → ApiError. */
export async function api(method, path, body) {
  const res = await fetch(`/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok)
    throw new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? res.statusText, data?.error?.details);
  return data;
}

/** GET of a signed artifact URL (no key: the signature authorises). */
export async function fetchArtifact(url, as = 'json') {
  const res = await fetch(url);
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, `could not read ${url.split('?')[0]}`);
  return as === 'json' ? res.json() : as === 'text' ? res.text() : new Uint8Array(await res.arrayBuffer());
}

/** PUT with upload progress (fetch cannot report it); resolves with the response ETag. */
function put(url, blob, headers, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status === 200) return resolve(xhr.getResponseHeader('etag'));
      let err;
      try {
        err = JSON.parse(xhr.responseText).error;
      } catch {
        err = undefined;
      }
      reject(new ApiError(xhr.status, err?.code ?? `HTTP_${xhr.status}`, err?.message ?? 'upload failed'));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'upload failed: network error'));
    xhr.send(blob);
  });
}

/**
 * Declares the upload (with the analyses asked for), sends the bytes to the signed URL —
 * or part by part for a multipart plan — and completes it. `onProgress(fraction, text)`.
 */
export async function uploadVideo(file, tasks, onProgress) {
  const contentType = file.type || 'application/octet-stream';
  const created = await api('POST', '/videos', { filename: file.name, bytes: file.size, contentType, tasks });
  const { upload, videoId } = created;
  if (upload.mode === 'single') {
    await put(upload.url, file, upload.headers, (n) => onProgress(n / file.size, 'uploading'));
    return videoId;
  }
  const parts = [];
  for (const part of upload.parts) {
    const start = (part.partNumber - 1) * upload.partBytes;
    const label = `uploading part ${part.partNumber} of ${upload.parts.length}`;
    const etag = await put(part.url, file.slice(start, start + upload.partBytes), {}, (n) => onProgress((start + n) / file.size, label));
    parts.push({ partNumber: part.partNumber, etag });
  }
  await api('POST', `/videos/${videoId}/complete`, { uploadId: upload.uploadId, parts });
  return videoId;
}

/** HTML-escapes text for templates. */
export function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** `83.4` → `1:23.4`; `4000` → `1:06:40`. */
export function clock(sec, decimals = 1) {
  const s = Math.max(0, sec);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    r = s % 60;
  const rs = r.toFixed(decimals).padStart(decimals ? 3 + decimals : 2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rs.split('.')[0].padStart(2, '0')}` : `${m}:${rs}`;
}

/** One colour per identity (golden-angle hues), grey for objects. */
export function colourOf(identityId) {
  if (identityId === null || identityId === undefined) return 'hsl(0 0% 70%)';
  return `hsl(${(identityId * 137.508) % 360} 85% 55%)`;
}
