import path from 'node:path';
import { lavfiVideo } from '../../helpers/lavfi';

/**
 * A 15-s 25-fps clip of three 5-s generated scenes (hard cuts at frames 125 and 250), so
 * platform tests run without the shared footage. With chunkSec 5 it splits into 3 chunks.
 */
export async function threeSceneClip(dir: string): Promise<string> {
  const graph = [
    'testsrc=s=320x180:r=25:d=5[a]',
    'smptebars=s=320x180:r=25:d=5[b]',
    'mandelbrot=s=320x180:r=25,trim=duration=5[c]',
    '[a][b][c]concat=n=3:v=1[out]',
  ].join(';');
  return lavfiVideo(path.join(dir, 'three-scenes.mp4'), graph, { gop: 25 });
}
