/**
 * Settings of the scenes stage, parsed once with zod (defaults below). The values were
 * chosen on the `tune` montages of `training/scenes/` only (see training/scenes/README.md);
 * the `report` montages are scored with them as they are.
 */
import { z } from 'zod';
import { parseOrThrow } from '../../core/validate';

export const ScenesConfigSchema = z.object({
  /**
   * Two shots *link* (belong to one scene) when the cosine of their mean whole-frame
   * MobileNetV2 features reaches this. Chosen on the tune montages.
   */
  linkCosine: z.number().min(-1).max(1).default(0.7),
  /**
   * How far back and ahead of a shot edge shots may link across it (seconds of shots on
   * each side): an A-B-A return within this stays one scene. Bounds the work per edge, so
   * the stage is linear in the number of shots.
   */
  windowSec: z.number().positive().default(4),
  /** At most this many shots on each side of an edge are compared (a dense montage of flashes stays linear too). */
  windowShots: z.number().int().positive().default(6),
  /** Added to the cosine of two shots that show the same person (identities.json). */
  sameIdentityBonus: z.number().min(0).max(2).default(0.15),
  /**
   * Subtracted from the cosine of two shots that both show people but no person in common
   * (two talking heads in a row look alike to a whole-frame encoder; their faces do not).
   */
  otherPeoplePenalty: z.number().min(0).max(2).default(0.2),
  /**
   * A scene shorter than this is merged into the neighbour it is least separated from:
   * a flash or a short cutaway (< 1 s is a flash by the definition) never is a scene
   * by itself.
   */
  minSceneSec: z.number().nonnegative().default(2),
  /**
   * Shots with fewer bank seconds than this do not vote (a shot under a second has at most
   * one frame feature, often blurred by motion or a transition).
   */
  minAppearanceSeconds: z.number().int().min(1).default(1),
});
export type ScenesConfig = Readonly<z.infer<typeof ScenesConfigSchema>>;
export type ScenesConfigInput = z.input<typeof ScenesConfigSchema>;

/** Parses and freezes a scenes config (unknown keys rejected with the path that was wrong). */
export function scenesConfig(input: ScenesConfigInput = {}): ScenesConfig {
  return Object.freeze(parseOrThrow(ScenesConfigSchema.strict(), input, 'scenes config'));
}
