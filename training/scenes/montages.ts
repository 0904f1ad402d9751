/**
 * The scene development set: montages of real footage where each scene is one source
 * clip (or, for an A-B-A, one source with a short cutaway inside it), built by
 * `make-montages.ts`. Pieces inside a scene are joined by hard cuts (jump cuts inside one
 * recording: the scene's internal shots); scenes are joined by a cut or a gradual
 * transition (`dissolve`, `fade` through black, `wipe`).
 *
 * Split: `tune` montages are the only ones thresholds may be chosen on; `report` montages
 * are scored once, for the figures.
 *
 * A piece is `source from dur`: `source` is a clip of `clips.json` (training/footage.sh)
 * or `data:<path>` inside ../shared/data; `from`/`dur` in seconds of that file.
 */

/** How a scene is entered from the one before it (absent for the first scene). */
export type SceneEntry = 'cut' | 'dissolve' | 'fade' | 'wipe';

export interface MontageScene {
  label: string;
  entry: SceneEntry;
  /** `source from dur` per piece. */
  pieces: string[];
}

export interface MontageSpec {
  name: string;
  split: 'tune' | 'report';
  scenes: MontageScene[];
}

/** Gradual transitions between scenes last this long (frames at 25 fps). */
export const GRADUAL_FRAMES = 25;
/** Every montage is rendered at this size and rate. */
export const MONTAGE_FPS = 25;
export const MONTAGE_SIZE = { width: 640, height: 360 } as const;

const scene = (label: string, entry: SceneEntry, ...pieces: string[]): MontageScene => ({ label, entry, pieces });
const SHOTS_DEV = 'data:shots/shots_dev.mp4';

/**
 * Six montages, 12–13 scene boundaries each (report-c and report-d were added after the
 * first report, as more held-out data, without changing any setting). Every montage has: a street scene next to
 * a street scene, two talking heads in a row, a scene of many jump cuts (with a shot under
 * 1 s), an A-B-A (a source, a cutaway under 2 s, the same source again: one scene), and
 * dissolve, fade and wipe between scenes.
 */
export const MONTAGES: readonly MontageSpec[] = [
  {
    name: 'scenes-tune-a',
    split: 'tune',
    scenes: [
      scene('surveillance: PETS jump cuts', 'cut', 'pets-vtest-00 0 6', 'pets-vtest-20 3 4', 'pets-vtest-40 0 4'),
      scene('street: TUD campus', 'cut', 'tud-campus 0 2.8'),
      scene(
        'talking head: franck, five shots',
        'cut',
        'clm-franck-000 1 4',
        'clm-franck-100 2 3',
        'clm-franck-050 4 4',
        'clm-franck-150 0 0.72',
        'clm-franck-000 8 3',
      ),
      scene('talking head: webcam cap12', 'cut', 'clm-cap12-00 0 8'),
      scene('animal: cockatoo', 'dissolve', 'imageio-cockatoo 0 8'),
      scene('animation: minions jump cuts', 'cut', 'minions-00 0 5', 'minions-20 0 4', 'minions-40 5 4', 'minions-00 10 3'),
      scene('nature: tree', 'fade', 'cv-tree-00 0 7'),
      scene('object: box, two shots', 'cut', 'cv-box 0 6', 'cv-box 8 4'),
      scene('A-B-A: webcam cap13, cup cutaway', 'cut', 'clm-cap13-00 0 5', 'cv-cup 0 1.52', 'clm-cap13-00 5 5'),
      scene('film: Megamind', 'dissolve', 'cv-megamind 0 11.2'),
      scene('sport: basketball', 'cut', 'mm2-basketball 0 5.48'),
      scene('action: arm wrestling', 'wipe', 'mm2-armwrestling 0 5.72'),
      scene('talking head: webcam cap12, two shots', 'cut', 'clm-cap12-20 0 5', 'clm-cap12-20 8 4'),
    ],
  },
  {
    name: 'scenes-tune-b',
    split: 'tune',
    scenes: [
      scene('animal: cockatoo, two shots', 'cut', 'imageio-cockatoo 0 5', 'imageio-cockatoo 7 5'),
      scene('object: cup', 'cut', 'cv-cup 0 7'),
      scene('surveillance: PETS', 'dissolve', 'pets-vtest-60 0 8'),
      scene('street: TUD campus (shots_dev)', 'cut', `${SHOTS_DEV} 32.36 2.32`),
      scene('talking head: franck', 'cut', 'clm-franck-050 0 6'),
      scene(
        'talking head: webcam cap13, three shots',
        'cut',
        'clm-cap13-15 0 4',
        'clm-cap13-15 6 4',
        'clm-cap13-15 11 0.8',
        'clm-cap13-15 13 2',
      ),
      scene('animation: minions, two shots', 'fade', 'minions-20 0 6', 'minions-40 10 4'),
      scene('nature: tree', 'cut', 'cv-tree-15 0 6'),
      scene('A-B-A: franck, basketball cutaway', 'cut', 'clm-franck-100 0 5', 'mm2-basketball 0 1.8', 'clm-franck-100 5 5'),
      scene('object: box', 'dissolve', 'cv-box 3 10'),
      scene('action: arm wrestling', 'cut', 'mm2-armwrestling 0 5.72'),
      scene('film: Megamind', 'cut', 'cv-megamind 0 11.2'),
      scene('surveillance: PETS jump cut', 'wipe', 'pets-vtest-20 0 5', 'pets-vtest-40 10 5'),
    ],
  },
  {
    name: 'scenes-report-a',
    split: 'report',
    scenes: [
      scene(
        'animation: minions jump cuts',
        'cut',
        'minions-00 2 6',
        'minions-20 10 4',
        'minions-40 0 3',
        'minions-00 14 0.8',
        'minions-20 2 3',
      ),
      scene('surveillance: PETS', 'cut', 'pets-vtest-40 2 8'),
      scene('street: TUD campus', 'cut', 'tud-campus 0 2.8'),
      scene('talking head: franck, three shots', 'dissolve', 'clm-franck-150 0 5', 'clm-franck-000 12 4', 'clm-franck-100 10 4'),
      scene('talking head: webcam cap12', 'cut', 'clm-cap12-20 0 7'),
      scene('film: Megamind', 'cut', 'cv-megamind 0 11.2'),
      scene('animal: cockatoo', 'fade', 'imageio-cockatoo 2 8'),
      scene('A-B-A: box, tree cutaway', 'cut', 'cv-box 0 5', 'cv-tree-00 0 1.6', 'cv-box 5 5'),
      scene('sport: basketball', 'cut', 'mm2-basketball 0 5.48'),
      scene('talking head: webcam cap13, two shots', 'dissolve', 'clm-cap13-00 0 6', 'clm-cap13-00 9 4'),
      scene('object: cup', 'cut', 'cv-cup 0 8'),
      scene('nature: tree', 'cut', 'cv-tree-00 3 7'),
      scene('action: arm wrestling', 'wipe', 'mm2-armwrestling 0 5.72'),
      scene('surveillance: PETS jump cut', 'cut', 'pets-vtest-00 5 5', 'pets-vtest-60 0 5'),
    ],
  },
  {
    name: 'scenes-report-b',
    split: 'report',
    scenes: [
      scene('talking head: webcam cap12, two shots', 'cut', 'clm-cap12-00 2 6', 'clm-cap12-00 12 4'),
      scene('talking head: franck', 'cut', 'clm-franck-050 8 6'),
      scene('animation: minions, three shots', 'cut', 'minions-40 0 6', 'minions-00 5 4', 'minions-20 15 0.6', 'minions-20 16 3'),
      scene('nature: tree', 'dissolve', 'cv-tree-15 0 8'),
      scene('surveillance: PETS jump cut', 'cut', 'pets-vtest-20 0 6', 'pets-vtest-60 5 5'),
      scene('street: TUD campus (shots_dev)', 'cut', `${SHOTS_DEV} 32.36 2.32`),
      scene('animal: cockatoo', 'fade', 'imageio-cockatoo 0 6'),
      scene('A-B-A: webcam cap13, cup cutaway', 'cut', 'clm-cap13-15 0 5', 'cv-cup 2 1.5', 'clm-cap13-15 5 5'),
      scene('object: box', 'cut', 'cv-box 5 9'),
      scene('action: arm wrestling (shots_dev)', 'cut', `${SHOTS_DEV} 43.48 5.72`),
      scene('film: Megamind', 'dissolve', 'cv-megamind 0 11.2'),
      scene('sport: basketball (shots_dev)', 'cut', `${SHOTS_DEV} 26.36 5.48`),
      scene('talking head: franck, two shots', 'wipe', 'clm-franck-150 5 5', 'clm-franck-100 15 3'),
      scene('nature: tree', 'cut', 'cv-tree-00 8 6'),
    ],
  },
  {
    name: 'scenes-report-c',
    split: 'report',
    scenes: [
      scene('nature: tree, two shots', 'cut', 'cv-tree-15 2 5', 'cv-tree-15 9 4'),
      scene('talking head: webcam cap13', 'cut', 'clm-cap13-00 3 6'),
      scene(
        'talking head: franck, four shots',
        'cut',
        'clm-franck-100 0 3',
        'clm-franck-000 15 3',
        'clm-franck-150 10 0.7',
        'clm-franck-050 14 4',
      ),
      scene('film: Megamind', 'dissolve', 'cv-megamind 0 11.2'),
      scene('surveillance: PETS', 'cut', 'pets-vtest-60 8 7'),
      scene('street: TUD campus', 'cut', 'tud-campus 0 2.8'),
      scene('animal: cockatoo, two shots', 'cut', 'imageio-cockatoo 1 4', 'imageio-cockatoo 9 4'),
      scene('A-B-A: minions, cockatoo cutaway', 'fade', 'minions-20 4 6', 'imageio-cockatoo 5 1.4', 'minions-20 10 5'),
      scene('object: cup', 'cut', 'cv-cup 1 6'),
      scene('sport: basketball', 'wipe', 'mm2-basketball 0 5.48'),
      scene('object: box', 'cut', 'cv-box 2 8'),
      scene('action: arm wrestling', 'dissolve', 'mm2-armwrestling 0 5.72'),
      scene('talking head: webcam cap12, three shots', 'cut', 'clm-cap12-20 2 4', 'clm-cap12-20 10 3', 'clm-cap12-20 15 3'),
    ],
  },
  {
    name: 'scenes-report-d',
    split: 'report',
    scenes: [
      scene('surveillance: PETS jump cuts', 'cut', 'pets-vtest-20 5 5', 'pets-vtest-60 10 4', 'pets-vtest-00 12 4'),
      scene('street: TUD campus (shots_dev)', 'cut', `${SHOTS_DEV} 32.36 2.32`),
      scene('object: box, two shots', 'cut', 'cv-box 0 4', 'cv-box 9 5'),
      scene('talking head: webcam cap12', 'dissolve', 'clm-cap12-00 5 7'),
      scene('talking head: franck', 'cut', 'clm-franck-000 4 7'),
      scene('animation: minions, two shots', 'cut', 'minions-40 12 5', 'minions-00 16 4'),
      scene('nature: tree', 'fade', 'cv-tree-00 5 7'),
      scene('A-B-A: cockatoo, cup cutaway', 'cut', 'imageio-cockatoo 0 5', 'cv-cup 4 1.2', 'imageio-cockatoo 5 5'),
      scene('film: Megamind', 'cut', 'cv-megamind 0 11.2'),
      scene('action: arm wrestling', 'wipe', 'mm2-armwrestling 0 5.72'),
      scene('talking head: webcam cap13, two shots', 'cut', 'clm-cap13-15 1 5', 'clm-cap13-15 9 5'),
      scene('sport: basketball', 'dissolve', 'mm2-basketball 0 5.48'),
      scene('nature: tree', 'cut', 'cv-tree-15 6 6'),
    ],
  },
];
