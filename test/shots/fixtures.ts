import type { TransitionType } from '../../core/contracts/shots';

/** Size and rate of the generated clips (16:9 like the real footage). */
const S = 's=320x180:r=25';

/** An expected transition: a cut at `start`, or a gradual one spanning start..end. */
export interface ExpectedTransition {
  type: TransitionType;
  start: number;
  end: number;
}

/** A generated clip (one lavfi graph, labelled [out0] when it has several sources) and what it holds. */
export interface ShotFixture {
  name: string;
  graph: string;
  expected: ExpectedTransition[];
}

const cut = (frame: number): ExpectedTransition => ({ type: 'cut', start: frame, end: frame });

/**
 * The generated cases. Gradual spans are the frames that differ from both shots: an xfade
 * of duration d at offset o changes frames o·25+1 … (o+d)·25−1.
 */
export const SHOT_FIXTURES: ShotFixture[] = [
  {
    name: 'hard cuts between four sources (moving testsrc2 and mandelbrot among them)',
    graph: `testsrc2=${S}:d=2[a];smptebars=${S}:d=2[b];mandelbrot=${S},trim=duration=2[c];rgbtestsrc=${S}:d=2[d];[a][b][c][d]concat=n=4:v=1,setsar=1[out0]`,
    expected: [cut(50), cut(100), cut(150)],
  },
  {
    name: 'a 1-s dissolve (xfade fade)',
    graph: `testsrc2=${S}:d=3,settb=1/25[a];mandelbrot=${S},trim=duration=3,settb=1/25[b];[a][b]xfade=transition=fade:duration=1:offset=2,setsar=1[out0]`,
    expected: [{ type: 'dissolve', start: 51, end: 74 }],
  },
  {
    name: 'a 1-s fade through black (xfade fadeblack)',
    graph: `testsrc2=${S}:d=3,settb=1/25[a];mandelbrot=${S},trim=duration=3,settb=1/25[b];[a][b]xfade=transition=fadeblack:duration=1:offset=2,setsar=1[out0]`,
    expected: [{ type: 'fade', start: 51, end: 74 }],
  },
  {
    name: 'fade out, 4 black frames, fade in',
    graph: `testsrc2=${S}:d=3,fade=t=out:st=2.6:d=0.4[a];color=c=black:${S}:d=0.16[k];mandelbrot=${S},trim=duration=3,setpts=PTS-STARTPTS,fade=t=in:st=0:d=0.4[b];[a][k][b]concat=n=3:v=1,setsar=1[out0]`,
    expected: [{ type: 'fade', start: 66, end: 88 }],
  },
  {
    name: 'a 0.6-s wipe (xfade wipeleft)',
    graph: `testsrc2=${S}:d=3,settb=1/25[a];mandelbrot=${S},trim=duration=3,settb=1/25[b];[a][b]xfade=transition=wipeleft:duration=0.6:offset=2,setsar=1[out0]`,
    expected: [{ type: 'wipe', start: 51, end: 64 }],
  },
  {
    name: 'white flashes of 2 and 3 frames (no cut)',
    graph: `testsrc2=${S}:d=4,drawbox=x=0:y=0:w=iw:h=ih:color=white@0.85:t=fill:enable='between(n,40,41)+between(n,70,72)',setsar=1`,
    expected: [],
  },
  {
    name: 'a static shot with sensor noise (no transition)',
    graph: `smptehdbars=${S}:d=4,noise=alls=12:allf=t,setsar=1`,
    expected: [],
  },
  {
    name: 'a fast pan across a mandelbrot (no transition)',
    graph: `mandelbrot=s=1280x720:r=25,trim=duration=4,crop=w=320:h=180:x='480+470*sin(t*2.5)':y='270+260*cos(t*1.7)',setsar=1`,
    expected: [],
  },
];
