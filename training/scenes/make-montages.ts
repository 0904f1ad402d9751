/**
 * Builds the scene development set (see `montages.ts`) outside the repository:
 *
 *   npx tsx training/scenes/make-montages.ts [--out ~/.cache/lvu-scenes] [--footage ~/.cache/lvu-footage]
 *
 * Writes, per montage, `<name>.mp4` (640×360, 25 fps, H.264, a keyframe every 2 s) and
 * `<name>.gt.json`: the scenes (frames [start, end), end exclusive, tiling the video), the
 * scene boundaries (a cut is one frame, a gradual transition its inclusive span) and every
 * shot transition in the format of `shots_dev_gt.json` (so `lvu eval shots` scores the
 * montage too). Frame counts are exact by construction: each piece is rendered to exactly
 * round(dur × 25) frames, and the montage's packet count is checked against the truth.
 * Idempotent: a montage whose .mp4 and .gt.json exist is kept.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GRADUAL_FRAMES, MONTAGE_FPS, MONTAGES, MONTAGE_SIZE, type MontageSpec } from './montages';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** One time base everywhere: xfade refuses inputs whose time bases differ (concat changes it). */
const TB = `settb=1/${MONTAGE_FPS}`;
const XFADE: Record<string, string> = { dissolve: 'fade', fade: 'fadeblack', wipe: 'wipeleft' };

interface Piece {
  file: string;
  frames: number;
}
interface Boundary {
  type: string;
  startFrame: number;
  endFrame: number;
  startSec: number;
  endSec: number;
}
type GtTransition = { type: 'cut'; frame: number } | { type: string; start: number; end: number };

function sourceFile(source: string, footage: string, data: string): string {
  if (source.startsWith('data:')) return join(data, source.slice(5));
  const clips = JSON.parse(readFileSync(join(footage, 'clips.json'), 'utf8')) as { clips: { clip: string; file: string }[] };
  const clip = clips.clips.find((c) => c.clip === source);
  if (!clip) throw new Error(`clip ${source} is not in ${footage}/clips.json (run training/footage.sh)`);
  return join(footage, clip.file);
}

/** Renders one piece to exactly `frames` frames at the montage size and rate (lossless FFV1). */
function renderPiece(spec: string, out: string, footage: string, data: string): Piece {
  const [source, from, dur] = spec.split(' ');
  const frames = Math.round(Number(dur) * MONTAGE_FPS);
  const { width: w, height: h } = MONTAGE_SIZE;
  const vf = `fps=${MONTAGE_FPS},scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p`;
  execFileSync(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-ss',
      String(from),
      '-i',
      sourceFile(source!, footage, data),
      '-frames:v',
      String(frames),
      '-vf',
      vf,
      '-an',
      '-c:v',
      'ffv1',
      out,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const got = countFrames(out);
  if (got !== frames) throw new Error(`piece "${spec}": ${got} frames, wanted ${frames} (source too short?)`);
  return { file: out, frames };
}

function countFrames(file: string): number {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-count_packets',
    '-show_entries',
    'stream=nb_read_packets',
    '-of',
    'csv=p=0',
    file,
  ]);
  return Number(out.toString().trim());
}

/**
 * The filter graph joining the pieces (inputs in order) and the truth it produces: pieces
 * of one scene joined by concat (cuts), scenes by concat or xfade (GRADUAL_FRAMES).
 */
function plan(m: MontageSpec, pieces: Piece[][]) {
  const filters: string[] = [];
  const transitions: GtTransition[] = [];
  const boundaries: Boundary[] = [];
  const sceneStarts: number[] = [];
  let input = 0;
  let acc = '';
  let frames = 0;
  const sec = (f: number) => f / MONTAGE_FPS;
  m.scenes.forEach((s, k) => {
    const labels = pieces[k]!.map(() => `[${input++}:v]`);
    const sceneLabel = `[s${k}]`;
    filters.push(
      labels.length > 1 ? `${labels.join('')}concat=n=${labels.length}:v=1:a=0,${TB}${sceneLabel}` : `${labels[0]}${TB}${sceneLabel}`,
    );
    const sceneFrames = pieces[k]!.reduce((n, p) => n + p.frames, 0);
    let start: number;
    if (k === 0) {
      acc = sceneLabel;
      start = 0;
    } else if (s.entry === 'cut') {
      filters.push(`${acc}${sceneLabel}concat=n=2:v=1:a=0,${TB}[a${k}]`);
      start = frames;
      boundaries.push({ type: 'cut', startFrame: start, endFrame: start, startSec: sec(start), endSec: sec(start) });
      transitions.push({ type: 'cut', frame: start });
    } else {
      start = frames - GRADUAL_FRAMES;
      filters.push(
        `${acc}${sceneLabel}xfade=transition=${XFADE[s.entry]}:duration=${sec(GRADUAL_FRAMES)}:offset=${sec(start)},${TB}[a${k}]`,
      );
      boundaries.push({ type: s.entry, startFrame: start, endFrame: frames - 1, startSec: sec(start), endSec: sec(frames) });
      transitions.push({ type: s.entry, start, end: frames - 1 });
    }
    if (k > 0) acc = `[a${k}]`;
    sceneStarts.push(start);
    // Piece 0 lands on the scene's first frame (blended, after a gradual entry); each later
    // piece starts with a hard cut inside the scene.
    let inScene = 0;
    pieces[k]!.forEach((piece, i) => {
      if (i > 0) transitions.push({ type: 'cut', frame: start + inScene });
      inScene += piece.frames;
    });
    frames = start + sceneFrames;
  });
  return { graph: filters.join(';'), out: acc, frames, transitions, boundaries, sceneStarts };
}

function build(m: MontageSpec, outDir: string, footage: string, data: string): void {
  const mp4 = join(outDir, `${m.name}.mp4`);
  const gtFile = join(outDir, `${m.name}.gt.json`);
  if (existsSync(mp4) && existsSync(gtFile)) return void process.stderr.write(`montages: ${m.name} kept\n`);
  const work = mkdtempSync(join(tmpdir(), 'lvu-montage-'));
  try {
    let n = 0;
    const pieces = m.scenes.map((s) => s.pieces.map((p) => renderPiece(p, join(work, `p${n++}.mkv`), footage, data)));
    const p = plan(m, pieces);
    const inputs = pieces.flat().flatMap((x) => ['-i', x.file]);
    execFileSync(
      'ffmpeg',
      [
        '-nostdin',
        '-v',
        'error',
        '-y',
        ...inputs,
        '-filter_complex',
        p.graph,
        '-map',
        p.out,
        '-an',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '20',
        '-g',
        '50',
        '-keyint_min',
        '50',
        '-sc_threshold',
        '0',
        '-pix_fmt',
        'yuv420p',
        '-r',
        String(MONTAGE_FPS),
        '-fflags',
        '+bitexact',
        '-map_metadata',
        '-1',
        `${mp4}.tmp.mp4`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const got = countFrames(`${mp4}.tmp.mp4`);
    if (got !== p.frames) throw new Error(`${m.name}: ${got} frames rendered, truth says ${p.frames}`);
    writeFileSync(gtFile, `${JSON.stringify(groundTruth(m, p), null, 1)}\n`);
    execFileSync('mv', [`${mp4}.tmp.mp4`, mp4]);
    process.stderr.write(
      `montages: ${m.name}: ${p.frames} frames (${(p.frames / MONTAGE_FPS).toFixed(1)} s), ${m.scenes.length} scenes, ${p.transitions.length} transitions\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function groundTruth(m: MontageSpec, p: ReturnType<typeof plan>) {
  const scenes = m.scenes.map((s, k) => {
    const startFrame = p.sceneStarts[k]!;
    const endFrame = p.sceneStarts[k + 1] ?? p.frames;
    return {
      index: k,
      label: s.label,
      entry: s.entry,
      pieces: s.pieces,
      startFrame,
      endFrame,
      startSec: startFrame / MONTAGE_FPS,
      endSec: endFrame / MONTAGE_FPS,
    };
  });
  return {
    format: 'lvu-scenes-gt',
    version: 1,
    montage: m.name,
    split: m.split,
    generatedBy: 'training/scenes/make-montages.ts',
    fps: MONTAGE_FPS,
    width: MONTAGE_SIZE.width,
    height: MONTAGE_SIZE.height,
    frameCount: p.frames,
    durationSec: p.frames / MONTAGE_FPS,
    note: 'scenes tile [0, frameCount) (endFrame exclusive); a scene entered by a gradual transition starts at its first frame; boundaries: a cut is one frame, a gradual one its inclusive span; transitions in the shots_dev_gt.json format',
    scenes,
    boundaries: p.boundaries,
    transitions: p.transitions,
  };
}

function main(): void {
  const { values } = parseArgs({ options: { out: { type: 'string' }, footage: { type: 'string' }, data: { type: 'string' } } });
  const outDir = resolve(values.out ?? process.env['LVU_SCENES_DIR'] ?? join(homedir(), '.cache/lvu-scenes'));
  const footage = resolve(values.footage ?? process.env['LVU_FOOTAGE_DIR'] ?? join(homedir(), '.cache/lvu-footage'));
  const data = resolve(values.data ?? process.env['LVU_TEST_DATA'] ?? join(REPO, '../shared/data'));
  mkdirSync(outDir, { recursive: true });
  for (const m of MONTAGES) build(m, outDir, footage, data);
  writeFileSync(
    join(outDir, 'montages.json'),
    `${JSON.stringify(
      MONTAGES.map((m) => ({ name: m.name, split: m.split, video: `${m.name}.mp4`, truth: `${m.name}.gt.json` })),
      null,
      1,
    )}\n`,
  );
}

main();
