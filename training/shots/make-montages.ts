/**
 * Builds the shot-transition montages (see `montages.ts`) outside the repository:
 *
 *   nice -n 19 npx tsx training/shots/make-montages.ts [--out ~/.cache/lvu-shots] [--footage ~/.cache/lvu-footage] [--only NAME]
 *
 * Writes, per montage, `<name>.mp4` (640×360, 25 fps, H.264, a keyframe every 2 s) and
 * `<name>.gt.json` in the format of `shots_dev_gt.json` (so `lvu eval shots` scores it),
 * with each piece's source, time range and transform. Frame counts are exact by
 * construction: each piece is rendered to exactly its frame count (lossless FFV1), the
 * pieces are joined by concat (cuts) or xfade (gradual: `fade`, `fadeblack`, `wipeleft`),
 * and the montage's packet count is checked against the truth. Idempotent: a montage
 * whose .mp4 and .gt.json exist is kept.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  MONTAGE_FPS,
  MONTAGE_SIZE,
  MONTAGES,
  insideOneShot,
  jumpVisibility,
  type JumpVisibility,
  montagePieces,
  PICTURE_STEP,
  pictureStepVisibility,
  random,
  SOURCE_SECONDS,
  type MontageSpec,
  type PieceSpec,
  type PieceTransform,
} from './montages';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TB = `settb=1/${MONTAGE_FPS}`;
const XFADE: Record<string, string> = { dissolve: 'fade', fade: 'fadeblack', wipe: 'wipeleft' };
/** lavfi sources, rendered small (they are scaled up like every piece). */
const LAVFI: Record<string, string> = {
  mandelbrot: 'mandelbrot=s=320x180:r=25',
  testsrc2: 'testsrc2=s=320x180:r=25',
  gradients: 'gradients=s=320x180:r=25:speed=0.03',
  life: 'life=s=320x180:r=25:mold=10:ratio=0.2:death_color=#101030:life_color=#c0c060',
  cellauto: 'cellauto=s=320x180:r=25:rule=18:random_fill_ratio=0.5:scroll=1',
  cellauto150: 'cellauto=s=320x180:r=25:rule=150:random_fill_ratio=0.3:scroll=0',
  testsrc: 'testsrc=s=320x180:r=25',
  smptenoise: 'smptehdbars=s=320x180:r=25,noise=alls=20:allf=t',
};
/** The option that seeds each random lavfi source (PieceSpec.lavfiSeed); the others draw nothing at random. */
const LAVFI_SEED: Record<string, string> = {
  gradients: 'seed',
  life: 'seed',
  cellauto: 'seed',
  cellauto150: 'seed',
  smptenoise: 'all_seed',
};

/**
 * The lavfi graph of `lavfi:<name>`, seeded when the piece has a seed and the source draws at
 * random. `gradients` draws its two colours at random whatever its seed (which places them), so a
 * seeded one gets colours drawn from the seed here.
 */
export function lavfiGraph(name: string, seed?: number): string {
  const graph = LAVFI[name];
  if (!graph) throw new Error(`unknown lavfi source ${name} (one of ${Object.keys(LAVFI).join(', ')})`);
  const option = LAVFI_SEED[name];
  if (seed === undefined || !option) return graph;
  if (name !== 'gradients') return `${graph}:${option}=${seed}`;
  const rnd = random(seed);
  const colour = () =>
    `0x${Math.floor(rnd() * 0x1000000)
      .toString(16)
      .padStart(6, '0')}`;
  return `${graph}:${option}=${seed}:c0=${colour()}:c1=${colour()}`;
}

/**
 * The filter that makes a transform, before the scale to the montage size. Motion
 * amplitudes are in input pixels: shake moves a 1/1.2 crop by up to its margin at 7–17 Hz
 * mixtures, a pan crosses the margin in about a second, zoom grows 1.5× over 3 s. A long take's
 * (PieceSpec.motionSec) pan, zoom and flash repeat every motionSec instead of happening once.
 */
function transformFilter(t: PieceTransform, frames: number, motionSec?: number): string {
  const sec = frames / MONTAGE_FPS;
  // Long takes (PieceSpec.motionSec): the motion repeats every motionSec, at a short piece's pace.
  if (motionSec !== undefined) {
    const period = motionSec.toFixed(2);
    if (t === 'zoom')
      return `scale=640:360,zoompan=z='1.25-0.25*cos(2*PI*on/${motionSec * MONTAGE_FPS})':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=640x360:fps=${MONTAGE_FPS}`;
    if (t === 'flash')
      return `lutyuv=y='min(255,val*2.4+40)':enable='lt(mod(t+${period}/2,${period}),0.09)*lt(t,${(sec - 0.5).toFixed(2)})'`;
    if (t === 'pan') return `crop=w=iw/1.5:h=ih/1.5:x='(iw-ow)*(0.5+0.5*sin(2*PI*t/${period}))':y='(ih-oh)/2'`;
  }
  switch (t) {
    case 'none':
      return 'null';
    case 'dark':
      return 'lutyuv=y=16+(val-16)*0.22:u=128+(val-128)*0.4:v=128+(val-128)*0.4';
    case 'rotate':
      return 'rotate=a=0.12*sin(2*PI*0.9*t)+0.05*sin(2*PI*2.3*t):c=black';
    case 'shake':
      return "crop=w=iw/1.2:h=ih/1.2:x='(iw-ow)/2*(1+0.7*sin(13*t)*sin(3.1*t)+0.3*sin(29*t))':y='(ih-oh)/2*(1+0.6*sin(17*t+1)+0.3*sin(7*t))'";
    case 'zoom':
      return `scale=640:360,zoompan=z='1+0.5*on/${frames}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=640x360:fps=${MONTAGE_FPS}`;
    case 'crop':
      return 'crop=w=iw*0.55:h=ih*0.55:x=iw*0.3:y=ih*0.2';
    case 'flash': {
      const at = Math.max(0.1, sec / 2 - 0.1).toFixed(2);
      return `lutyuv=y='min(255,val*2.4+40)':enable='between(t,${at},${at}+0.09)'`;
    }
    case 'pan':
      return `crop=w=iw/1.5:h=ih/1.5:x='(iw-ow)*(0.5+0.5*sin(2*PI*t/${Math.max(1, sec).toFixed(2)}))':y='(ih-oh)/2'`;
  }
}

function inputArgs(p: PieceSpec, footage: string, data: string): string[] {
  if (p.source.startsWith('lavfi:')) return ['-f', 'lavfi', '-i', lavfiGraph(p.source.slice(6), p.lavfiSeed), '-ss', String(p.fromSec)];
  let file: string;
  if (p.source.startsWith('data:')) file = join(data, p.source.slice(5));
  else {
    // training/footage.sh writes clips.json; with --shots, shot-clips.json (the extra shot footage).
    const clip = ['clips.json', 'shot-clips.json']
      .filter((m) => existsSync(join(footage, m)))
      .flatMap((m) => (JSON.parse(readFileSync(join(footage, m), 'utf8')) as { clips: { clip: string; file: string }[] }).clips)
      .find((c) => c.clip === p.source);
    if (!clip)
      throw new Error(`clip ${p.source} is in neither ${footage}/clips.json nor shot-clips.json (run training/footage.sh [--shots])`);
    file = join(footage, clip.file);
  }
  return ['-ss', String(p.fromSec), '-i', file];
}

/** Renders one piece to exactly its frame count at the montage size and rate (lossless FFV1). */
export function renderPiece(p: PieceSpec, out: string, footage: string, data: string): void {
  const { width: w, height: h } = MONTAGE_SIZE;
  // Resample to the montage rate first, so time-based transforms see montage time. exactTimes:
  // frame n's time is n/25 exactly (PieceSpec.exactTimes); before, `setpts=N/25/TB` rounded some down.
  const times = p.exactTimes ? `${TB},setpts=N` : `setpts=N/${MONTAGE_FPS}/TB`;
  const vf = `fps=${MONTAGE_FPS},${times},${transformFilter(p.transform, p.frames, p.motionSec)},scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p`;
  execFileSync(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-y', ...inputArgs(p, footage, data), '-frames:v', String(p.frames), '-vf', vf, '-an', '-c:v', 'ffv1', out],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const got = countFrames(out);
  if (got !== p.frames) throw new Error(`piece ${p.source}@${p.fromSec}: ${got} frames, wanted ${p.frames}`);
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

/** Luma frames (64×36) of `frames` frames of a piece's source (with its lavfi seed) from `fromSec`, untransformed, at the montage rate. */
function sourceLuma(of: PieceSpec, fromSec: number, frames: number, footage: string, data: string): Uint8Array[] {
  const probe: PieceSpec = {
    source: of.source,
    // Float noise at a source's start (endSec − back / 25 = 1.1e-16) would print as an exponent, which -ss refuses.
    fromSec: fromSec < 1e-6 ? 0 : fromSec,
    frames,
    transform: 'none',
    entry: 'cut',
    entryFrames: 1,
    note: '',
    ...(of.lavfiSeed === undefined ? {} : { lavfiSeed: of.lavfiSeed }),
  };
  const raw = execFileSync(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      ...inputArgs(probe, footage, data),
      '-frames:v',
      String(frames),
      '-vf',
      `fps=${MONTAGE_FPS},scale=64:36,format=gray`,
      '-f',
      'rawvideo',
      '-',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const size = 64 * 36;
  return Array.from({ length: Math.floor(raw.length / size) }, (_, i) => raw.subarray(i * size, (i + 1) * size));
}

/**
 * How visible the jump from `prev` into `next` is, from the untransformed source: 5 frames each
 * side (VISIBLE_JUMP), or with `pictureSteps` up to PICTURE_STEP.sideFrames each side (fewer
 * where the source begins or ends) and the picture-step test on top.
 */
export function pieceJumpVisibility(prev: PieceSpec, next: PieceSpec, footage: string, data: string, pictureSteps = false): JumpVisibility {
  if (!pictureSteps) {
    const side = 5;
    const before = sourceLuma(prev, prev.fromSec + (prev.frames - side) / MONTAGE_FPS, side, footage, data);
    return jumpVisibility(before, sourceLuma(next, next.fromSec, side, footage, data));
  }
  // The frames before end at prev's last frame, so they start no earlier than the source does.
  const endSec = prev.fromSec + prev.frames / MONTAGE_FPS;
  const back = Math.min(PICTURE_STEP.sideFrames, Math.floor(endSec * MONTAGE_FPS + 1e-6));
  const before = sourceLuma(prev, endSec - back / MONTAGE_FPS, back, footage, data);
  return pictureStepVisibility(before, sourceLuma(next, next.fromSec, PICTURE_STEP.sideFrames, footage, data));
}

/**
 * Redraws each jump cut (a cut between two pieces of one source) whose sides barely differ (montages.ts VISIBLE_JUMP) at another time of its source,
 * from a generator seeded by the montage and the piece (so the montage is the same on every
 * machine); after 12 invisible draws the piece becomes a plain cut to the pool's first other
 * clip. Pieces keep their frame counts, so the truth's frames are as planned.
 */
function makeJumpsVisible(m: MontageSpec, pieces: PieceSpec[], footage: string, data: string): void {
  pieces.forEach((p, k) => {
    const prev = pieces[k - 1];
    // A jump cut: planned as one, or a cut to the same source drawn at random.
    if (!prev || p.entry !== 'cut' || p.source !== prev.source) return;
    const visible = () => pieceJumpVisibility(prev, p, footage, data, m.pictureSteps).visible;
    if (visible()) return;
    const rnd = random(m.seed * 1009 + k);
    const span = p.frames / MONTAGE_FPS;
    const room = SOURCE_SECONDS[p.source]! - span - 0.1;
    for (let attempt = 0; attempt < 12; attempt++) {
      const from = Math.round(rnd() * room * 100) / 100;
      if (Math.abs(from - prev.fromSec) < 2 + prev.frames / MONTAGE_FPS) continue;
      p.fromSec = from;
      insideOneShot(p);
      if (visible()) return void (p.note = 'jump cut inside one source (redrawn: visible)');
    }
    p.source = m.pool.find((c) => c !== prev.source && !c.startsWith('lavfi:'))!;
    delete p.lavfiSeed;
    p.fromSec = 0;
    p.frames = Math.min(p.frames, Math.floor((SOURCE_SECONDS[p.source]! - 0.2) * MONTAGE_FPS));
    p.note = 'random (no visible jump cut found in the source)';
  });
}

type GtTransition = { type: 'cut'; frame: number } | { type: string; start: number; end: number };

/**
 * The filter graph joining the pieces and the truth it produces. A cut at frame c: c is the
 * new piece's first frame. A gradual entry of L frames overlaps the last L frames of what
 * came before (xfade): span start = frames − L … frames − 1.
 */
function plan(pieces: PieceSpec[], exactJoins = false) {
  const filters: string[] = [];
  const transitions: GtTransition[] = [];
  const starts: number[] = [];
  let acc = '';
  let frames = 0;
  pieces.forEach((p, k) => {
    // exactJoins: each piece's frames numbered 0, 1, 2 … (montages.ts MontageSpec.exactJoins).
    filters.push(`[${k}:v]${TB}${exactJoins ? ',setpts=N' : ''}[p${k}]`);
    let start = frames;
    if (k === 0) acc = '[p0]';
    else if (p.entry === 'cut') {
      filters.push(`${acc}[p${k}]concat=n=2:v=1:a=0,${TB}[a${k}]`);
      transitions.push({ type: 'cut', frame: start });
    } else {
      start = frames - p.entryFrames;
      filters.push(
        `${acc}[p${k}]xfade=transition=${XFADE[p.entry]}:duration=${p.entryFrames / MONTAGE_FPS}:offset=${start / MONTAGE_FPS},${TB}[a${k}]`,
      );
      transitions.push({ type: p.entry, start, end: frames - 1 });
    }
    if (k > 0) acc = `[a${k}]`;
    starts.push(start);
    frames = start + p.frames;
  });
  return { graph: filters.join(';'), out: acc, frames, transitions, starts };
}

function build(m: MontageSpec, outDir: string, footage: string, data: string): void {
  const mp4 = join(outDir, `${m.name}.mp4`);
  const gtFile = join(outDir, `${m.name}.gt.json`);
  if (existsSync(mp4) && existsSync(gtFile)) return void process.stderr.write(`montages: ${m.name} kept\n`);
  const work = mkdtempSync(join(tmpdir(), 'lvu-shot-montage-'));
  try {
    const pieces = montagePieces(m);
    if (m.seededLavfi) for (const p of pieces) if (p.source.startsWith('lavfi:')) p.lavfiSeed = m.seed;
    if (m.visibleJumps) makeJumpsVisible(m, pieces, footage, data);
    const files = pieces.map((_, i) => join(work, `p${i}.mkv`));
    pieces.forEach((p, i) => renderPiece(p, files[i]!, footage, data));
    const p = joinPieces(pieces, files, `${mp4}.tmp.mp4`, m.exactJoins === true);
    const got = countFrames(`${mp4}.tmp.mp4`);
    if (got !== p.frames) throw new Error(`${m.name}: ${got} frames rendered, truth says ${p.frames}`);
    writeFileSync(gtFile, `${JSON.stringify(groundTruth(m, pieces, p), null, 1)}\n`);
    renameSync(`${mp4}.tmp.mp4`, mp4);
    process.stderr.write(`montages: ${m.name}: ${p.frames} frames, ${p.transitions.length} transitions\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Joins the rendered pieces (`files`, in order) into `out` (H.264 at the montage rate) as `plan` says; the plan. */
export function joinPieces(pieces: PieceSpec[], files: readonly string[], out: string, exactJoins: boolean): ReturnType<typeof plan> {
  const p = plan(pieces, exactJoins);
  const inputs = files.flatMap((f) => ['-i', f]);
  const encode = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0'];
  execFileSync(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-y', ...inputs, '-filter_complex', p.graph, '-map', p.out, '-an', ...encode, '-pix_fmt', 'yuv420p'].concat(
      ['-r', String(MONTAGE_FPS), '-fflags', '+bitexact', '-map_metadata', '-1', out],
    ),
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return p;
}

function groundTruth(m: MontageSpec, pieces: PieceSpec[], p: ReturnType<typeof plan>) {
  return {
    format: 'lvu-shots-gt',
    version: 1,
    montage: m.name,
    split: m.split,
    seed: m.seed,
    generatedBy: 'training/shots/make-montages.ts',
    fps: MONTAGE_FPS,
    width: MONTAGE_SIZE.width,
    height: MONTAGE_SIZE.height,
    frameCount: p.frames,
    note: 'a cut’s frame is the first frame of the new piece; a gradual transition spans start..end inclusive (0-based decoded frame indices)',
    transitions: p.transitions,
    pieces: pieces.map((x, i) => ({ ...x, startFrame: p.starts[i] })),
  };
}

function main(): void {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, footage: { type: 'string' }, data: { type: 'string' }, only: { type: 'string' } },
  });
  const outDir = resolve(values.out ?? process.env['LVU_SHOTS_DIR'] ?? join(homedir(), '.cache/lvu-shots'));
  const footage = resolve(values.footage ?? process.env['LVU_FOOTAGE_DIR'] ?? join(homedir(), '.cache/lvu-footage'));
  const data = resolve(values.data ?? process.env['LVU_TEST_DATA'] ?? join(REPO, '../shared/data'));
  mkdirSync(outDir, { recursive: true });
  for (const m of MONTAGES) if (!values.only || values.only === m.name) build(m, outDir, footage, data);
  const index = MONTAGES.map((m) => ({ name: m.name, split: m.split, video: `${m.name}.mp4`, truth: `${m.name}.gt.json` }));
  writeFileSync(join(outDir, 'montages.json'), `${JSON.stringify(index, null, 1)}\n`);
}

// Run as a script (its exports are read by scripts that check a montage's jump cuts).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
