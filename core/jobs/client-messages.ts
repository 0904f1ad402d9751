/**
 * Absolute paths as they appear in error messages (`/srv/lvu-data/blobs/…`, `C:\…`): a
 * `/` or drive letter not glued to a word (so "1/2" and "and/or" stay), then at least two
 * segments.
 */
const ABSOLUTE_PATH = /(?<![\w.\-~:/\\])(?:[A-Za-z]:)?[\\/](?:[^\s\\/'"`():,;]+[\\/])+[^\s\\/'"`():,;]*/g;

/** The upload a message is about, as its client knows it. */
export interface UploadName {
  videoId: string;
  filename: string;
}

/**
 * A message fit for a client: the local copy of a video's source (wherever a worker put
 * it: `…/blobs/objects/videos/{id}/source`, `…/scratch/task-…/videos/{id}/source`) becomes
 * the upload's name (`"holiday.mp4"`), and any other absolute server path its last
 * segment. The original message stays in the server's logs.
 *
 * @example
 *   clientMessage('/data/blobs/objects/videos/v_1/source is not a video', { videoId: 'v_1', filename: 'a.mp4' })
 *   // → '"a.mp4" is not a video'
 */
export function clientMessage(message: string, upload?: UploadName): string {
  let out = message;
  if (upload) {
    const source = new RegExp(`(?:[A-Za-z]:)?[^\\s'"\`(]*videos[\\\\/]${escapeRegExp(upload.videoId)}[\\\\/]source(?![\\w.\\-])`, 'g');
    out = out.replace(source, JSON.stringify(upload.filename));
  }
  return out.replace(ABSOLUTE_PATH, (p) => p.split(/[\\/]/).filter(Boolean).pop() ?? '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
