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
    name: 'pure white flashes of 2 and 3 frames (no cut, no fade)',
    graph: `testsrc2=${S}:d=4,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(n,40,41)+between(n,70,72)',setsar=1`,
    expected: [],
  },
  {
    name: 'a 1-s fade through white (xfade fadewhite)',
    graph: `testsrc2=${S}:d=3,settb=1/25[a];mandelbrot=${S},trim=duration=3,settb=1/25[b];[a][b]xfade=transition=fadewhite:duration=1:offset=2,setsar=1[out0]`,
    expected: [{ type: 'fade', start: 51, end: 74 }],
  },
  {
    name: 'a static shot with sensor noise (no transition)',
    graph: `smptehdbars=${S}:d=4,noise=alls=12:allf=t,setsar=1`,
    expected: [],
  },
  {
    name: 'a fast pan across a mandelbrot (no transition)',
    graph: `mandelbrot=s=960x540:r=25,trim=duration=3,crop=w=320:h=180:x='320+310*sin(t*3)':y='180+170*cos(t*2)',setsar=1`,
    expected: [],
  },
];

/** Frames [start, end) of shots_dev.mp4 as a filter-graph input labelled `label`. */
const seg = (start: number, end: number, label: string) => `[0:v]trim=start_frame=${start}:end_frame=${end},setpts=PTS-STARTPTS[${label}]`;

/**
 * Re-edits of the real footage (segments of shots_dev.mp4, by its ground-truth frames) with
 * transitions the file does not have: other durations, directions, fast motion on both sides,
 * a jump cut between two takes of the same talking head, a flash, a dip to white. Each graph
 * reads shots_dev.mp4 as input 0 and writes [o].
 */
export const REEDIT_FIXTURES: ShotFixture[] = [
  {
    name: '0.8-s dissolve between two fast-motion shots (basketball → arm wrestling)',
    graph: `${seg(659, 797, 'a')};${seg(1087, 1231, 'b')};[a][b]xfade=transition=fade:duration=0.8:offset=4[o]`,
    expected: [{ type: 'dissolve', start: 101, end: 119 }],
  },
  {
    name: '1.5-s dissolve (surveillance → webcam face)',
    graph: `${seg(0, 125, 'a')};${seg(380, 520, 'b')};[a][b]xfade=transition=dissolve:duration=1.5:offset=3[o]`,
    expected: [{ type: 'dissolve', start: 76, end: 112 }],
  },
  {
    name: '0.5-s wipe up out of the fast cockatoo (cockatoo → street)',
    graph: `${seg(275, 380, 'a')};${seg(809, 867, 'b')};[a][b]xfade=transition=wipeup:duration=0.5:offset=3[o]`,
    expected: [{ type: 'wipe', start: 76, end: 87 }],
  },
  {
    name: '0.8-s wipe right (surveillance → hand with box)',
    graph: `${seg(0, 125, 'a')};${seg(867, 962, 'b')};[a][b]xfade=transition=wiperight:duration=0.8:offset=3[o]`,
    expected: [{ type: 'wipe', start: 76, end: 94 }],
  },
  {
    name: 'fade through black out of fast motion (basketball → surveillance, 0.6 s)',
    graph: `${seg(659, 797, 'a')};${seg(0, 125, 'b')};[a][b]xfade=transition=fadeblack:duration=0.6:offset=4[o]`,
    expected: [{ type: 'fade', start: 101, end: 114 }],
  },
  {
    name: 'fade through white (hand with box → hand with cup, 1 s)',
    graph: `${seg(867, 962, 'a')};${seg(1243, 1337, 'b')};[a][b]xfade=transition=fadewhite:duration=1:offset=2.5[o]`,
    expected: [{ type: 'fade', start: 63, end: 87 }],
  },
  {
    name: 'jump cut between two takes of the same talking head',
    graph: `${seg(125, 255, 'a')};${seg(992, 1087, 'b')};[a][b]concat=n=2:v=1[o]`,
    expected: [cut(130)],
  },
  {
    name: 'a 2-frame white flash on a talking head (no cut)',
    graph: `${seg(125, 255, 'a')};[a]drawbox=x=0:y=0:w=iw:h=ih:color=white@0.9:t=fill:enable='between(n,60,61)'[o]`,
    expected: [],
  },
];

/**
 * Two gradual transitions back to back through a short insert (the temporal detector only,
 * temporal-detector.ts finishRun: P(gradual) never drops between them, and the run holding
 * both changes little, as the scene returns, so it fails as one transition and must be split):
 * a 0.6-s wipe right from the surveillance shot to the hand with the box, and from the frame
 * that wipe ends on another 0.6-s wipe right back to the surveillance shot.
 */
export const BACK_TO_BACK_FIXTURES: ShotFixture[] = [
  {
    name: 'wipe to a short insert and straight back (surveillance → hand with box → surveillance)',
    graph: `${seg(0, 95, 'a')};${seg(867, 962, 'b')};${seg(95, 125, 'c')};[a][b]xfade=transition=wiperight:duration=0.6:offset=3[ab];[ab][c]xfade=transition=wiperight:duration=0.6:offset=3.6[o]`,
    expected: [
      { type: 'wipe', start: 76, end: 89 },
      { type: 'wipe', start: 91, end: 104 },
    ],
  },
];

/** The montages' rotate transform (training/shots/make-montages.ts), restarted per take. */
const ROTATE = 'rotate=a=0.12*sin(2*PI*0.9*t)+0.05*sin(2*PI*2.3*t):c=black';

/**
 * A jump cut inside one take seen through a swinging camera: the webcam face of shots_dev
 * (frames 385–444, then 460–514), each piece rotated as the montages' `rotate` pieces are. The
 * picture a few frames either side of the jump looks alike, so the rules' flash test refuses
 * the cut; and the clip opens mid-swing, where the clamped lags of the first frames look like
 * a jump (no cut there).
 */
export const ROTATING_JUMP_FIXTURE: ShotFixture = {
  name: 'jump cut inside a rotating take (webcam face, 2.4 s → 3 s later)',
  graph: `[0:v]trim=start_frame=385:end_frame=445,setpts=N/25/TB,${ROTATE}[a];[0:v]trim=start_frame=460:end_frame=515,setpts=N/25/TB,${ROTATE}[b];[a][b]concat=n=2:v=1[o]`,
  expected: [cut(60)],
};
