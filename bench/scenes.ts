/**
 * `npx lvu bench scenes [--video shots_dev.mp4] [--detect-fps 1] [--repeat 20]`: the scenes
 * stage's cost as a fraction of the full analysis of the same video, measured in the same
 * run (probe → chunks with detection and bank features → merge, which includes the
 * scenes stage; then the scenes stage alone on the merged artifacts), and its growth with
 * the number of shots on synthetic videos with real-sized (1280-d) frame features: 10 min /
 * ~150 shots, 2 h / ~500 and ~2000 shots. Detection at 1/s by default makes the analysis
 * cheap, so the fraction is an upper bound for the default rate.
 */
import { availableParallelism } from 'node:os';
import { parseFlags } from '../cli/args';
import { runPool } from '../core/pool';
import { modelsConfig, VisionModels } from '../models';
import { analyzeChunk, mergeChunks, planAnalysis } from '../stages/pipeline';
import { detectScenes, type ScenesInput } from '../stages/scenes';
import { probe } from '../stages/video';
import { testData } from '../test/helpers/data';
import { syntheticVideo, type ShotSpec } from '../test/scenes/fixtures';
import { medianMs } from './timing';

export const summary =
  'scenes: the scenes stage as a fraction of the full analysis of the same video, and ms per shot at ~150 / 500 / 2000 shots';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { video: { type: 'string' }, 'detect-fps': { type: 'string' }, repeat: { type: 'string' } });
  const video = values.video ?? testData('shots/shots_dev.mp4');
  const repeat = Math.max(1, Number(values.repeat ?? 20));
  const detectFps = Number(values['detect-fps'] ?? 1);
  if (!video) {
    process.stderr.write('lvu bench scenes: no --video and no ../shared/data/shots/shots_dev.mp4\n');
    return 2;
  }
  const { analysisMs, input, durationSec } = await analyse(video, detectFps);
  const scenesMs = await medianMs(repeat, async () => detectScenes(input), 2);
  process.stdout.write(
    `bench scenes: ${video} (${durationSec.toFixed(1)} s, ${input.shotsFile.shots.length} shots), detection at ${detectFps}/s, ${availableParallelism()} cores\n`,
  );
  process.stdout.write(
    `  full analysis ${(analysisMs / 1000).toFixed(1)} s; scenes stage ${scenesMs.toFixed(2)} ms (median of ${repeat}); scenes / analysis ${((100 * scenesMs) / analysisMs).toFixed(4)} %\n`,
  );
  process.stdout.write(`  analysis ${(analysisMs / durationSec).toFixed(0)} ms per video second\n`);
  process.stdout.write('  synthetic videos (1280-d frame features at 1/s; share: of a full analysis at the rate above):\n');
  for (const [shots, meanSec] of [
    [150, 4],
    [500, 14.4],
    [2000, 3.6],
  ] as const) {
    const synthetic = syntheticVideo(shotSpecs(shots, meanSec), { dim: 1280, identities: false });
    const ms = await medianMs(Math.max(3, Math.round(repeat / 4)), async () => detectScenes(synthetic), 1);
    const sec = synthetic.shotsFile.video.durationSec;
    process.stdout.write(
      `    ${String(shots).padStart(5)} shots, ${(sec / 60).toFixed(0).padStart(3)} min: ${ms.toFixed(1).padStart(8)} ms (${(ms / shots).toFixed(3)} ms/shot), share ${((100 * ms) / ((analysisMs / durationSec) * sec)).toFixed(4)} %\n`,
    );
  }
  return 0;
}

/** Shots of 0.5..2×meanSec, a new place every 4 shots. */
function shotSpecs(count: number, meanSec: number): ShotSpec[] {
  return Array.from({ length: count }, (_, i) => ({ place: Math.floor(i / 4), sec: meanSec * (0.5 + ((i * 7) % 10) / 9) }));
}

/** The full analysis as `lvu analyze` runs it (one chunk per core-lane, shared models), timed. */
async function analyse(path: string, detectFps: number): Promise<{ analysisMs: number; input: ScenesInput; durationSec: number }> {
  const t0 = performance.now();
  const vision = VisionModels.create(modelsConfig());
  try {
    const p = await probe(path);
    const plan = planAnalysis(p, { chunkSec: 60 });
    const results = await runPool(plan.chunks, availableParallelism(), (c, signal) =>
      analyzeChunk({
        sourcePath: path,
        probe: p,
        plan,
        chunkIndex: c.index,
        signal,
        stages: ['shots', 'detect'],
        detect: { fps: detectFps, bankFeatures: true },
        vision,
      }),
    );
    const merged = mergeChunks({ probe: p, plan, chunkResults: results });
    const analysisMs = performance.now() - t0;
    return {
      analysisMs,
      durationSec: p.durationSec,
      input: {
        shotsFile: merged.shotsFile,
        ...(merged.featureBank ? { featureBank: merged.featureBank } : {}),
        ...(merged.identitiesFile ? { identitiesFile: merged.identitiesFile } : {}),
      },
    };
  } finally {
    await vision.dispose();
  }
}
