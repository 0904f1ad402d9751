import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/data';
import { importCycles, sourceFiles } from '../helpers/module-graph';

describe('import cycles', () => {
  it('no .ts file of the repo imports itself through others (type-only imports included)', () => {
    // Act
    const cycles = importCycles(REPO_ROOT, sourceFiles(REPO_ROOT));
    // Assess: each cycle is printed as a → b → … → a.
    expect(cycles.map((c) => [...c, c[0]].join(' → '))).toEqual([]);
  });

  it('the check finds a type-only cycle, a re-export cycle and a self-import', async () => {
    // Prepare: a throwaway tree with three kinds of cycle and one acyclic chain.
    const root = await mkdtemp(path.join(tmpdir(), 'lvu-cycles-'));
    try {
      await mkdir(path.join(root, 'core', 'x'), { recursive: true });
      const files: Record<string, string> = {
        'core/a.ts': "import type { B } from './b';\nexport type A = { b?: B };\n",
        'core/b.ts': "import type { A } from './a';\nexport type B = { a?: A };\n",
        'core/x/index.ts': "export * from './y';\n",
        'core/x/y.ts': "import { z } from '.';\nexport const y = 1;\nexport { z };\n",
        'core/self.ts': "export * from './self';\n",
        'core/c.ts': "import { d } from './d';\nexport const c = d;\n",
        'core/d.ts': 'export const d = 1;\n',
      };
      for (const [f, text] of Object.entries(files)) await writeFile(path.join(root, f), text);
      // Act
      const cycles = importCycles(root, sourceFiles(root));
      // Assess
      expect(cycles.map((c) => c.join(' → ')).sort()).toEqual(['core/a.ts → core/b.ts', 'core/self.ts', 'core/x/index.ts → core/x/y.ts']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
