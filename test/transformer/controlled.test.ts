import { describe, expect, it } from 'vitest';
import { findTorchPython, runPython } from '../features/python';

const py = findTorchPython();

describe('controlled test (thesis Table 8.2b in miniature)', () => {
  it.skipIf(!py.python)(
    `the Object Transformer beats mean-pooling and a single short span ${py.python ? '' : `(skipped: ${py.why})`}`,
    () => {
      // Prepare + Act: seeded, one thread, small sizes (see training/lvu_ot/controlled.py)
      const out = runPython(py.python!, 'controlled_test.py', ['--steps', '1200', '--test', '512', '--seed', '0']);
      const { accuracy } = JSON.parse(out) as { accuracy: { transformer: number; mean_pool: number; single_span: number } };
      process.stdout.write(`controlled test accuracies: ${JSON.stringify(accuracy)}\n`);
      // Assess: the single span cannot exceed ≈ 0.83 by construction
      expect(accuracy.transformer).toBeGreaterThan(0.9);
      expect(accuracy.transformer - accuracy.mean_pool).toBeGreaterThan(0.1);
      expect(accuracy.transformer - accuracy.single_span).toBeGreaterThan(0.1);
    },
    900_000,
  );
});
