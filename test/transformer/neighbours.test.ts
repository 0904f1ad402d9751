import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { poissonBinomialTail, run, sameSourceNearestNeighbours, type LabelledVector } from '../../cli/commands/eval-neighbours';
import { FEATURE_BANK_FILE } from '../../core/contracts/feature-bank';
import { encodeFeatureBank } from '../../stages/features/bank-io';
import { syntheticBank } from '../features/fixtures';

const v = (name: string, label: string, ...x: number[]): LabelledVector => ({ name, label, vector: Float32Array.from(x) });

describe('same-source nearest neighbours (hand-computed)', () => {
  it.each([
    {
      name: 'both videos of a source find each other; singletons are distractors only',
      items: [v('a1', 'a', 1, 0), v('a2', 'a', 0.9, 0.1), v('b', 'b', 0, 1), v('c', 'c', -1, 0)],
      // queries a1, a2; chance (2 − 1)/(4 − 1) = 1/3 each; p = P(both hit) = 1/9
      queries: 2,
      hits: 2,
      rate: 1,
      chance: 1 / 3,
      pValue: 1 / 9,
    },
    {
      name: 'every nearest neighbour from the other source',
      items: [v('a1', 'a', 1, 0), v('a2', 'a', 0, 1), v('b1', 'b', 1, 0.1), v('b2', 'b', 0.1, 1)],
      queries: 4,
      hits: 0,
      rate: 0,
      chance: 1 / 3,
      pValue: 1,
    },
    {
      name: 'a tie between a same-source and another video counts half',
      items: [v('a1', 'a', 1, 0), v('a2', 'a', 1, 0), v('b', 'b', 1, 0), v('c', 'c', 0, 1)],
      // a1: {a2, b} tied → 0.5; a2: {a1, b} → 0.5; p = P(X ≥ 1) = 1 − (2/3)² = 5/9
      queries: 2,
      hits: 1,
      rate: 0.5,
      chance: 1 / 3,
      pValue: 5 / 9,
    },
  ])('$name', ({ items, queries, hits, rate, chance, pValue }) => {
    // Act
    const r = sameSourceNearestNeighbours(items);
    // Assess
    expect(r).toMatchObject({ videos: items.length, queries, hits });
    expect(r.rate).toBeCloseTo(rate, 12);
    expect(r.chance).toBeCloseTo(chance, 12);
    expect(r.pValue).toBeCloseTo(pValue, 12);
  });

  it('names the tied nearest videos of a query', () => {
    const r = sameSourceNearestNeighbours([v('a1', 'a', 1, 0), v('a2', 'a', 1, 0), v('b', 'b', 1, 0), v('c', 'c', 0, 1)]);
    expect(r.results[0]).toEqual({ name: 'a1', label: 'a', nearest: ['a2', 'b'], hit: 0.5, chance: 1 / 3 });
  });

  it.each([
    [[0.5, 0.5], 1, 0.75],
    [[0.2, 0.5, 1], 3, 0.1],
    [[0.3, 0.3], 0, 1],
    [[0.3], 2, 0],
  ])('Poisson-binomial tail P(X ≥ k) for p = %j, k = %i is %f', (ps, k, want) => {
    expect(poissonBinomialTail(ps, k)).toBeCloseTo(want, 12);
  });
});

describe('lvu eval neighbours (command)', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Four analyze-like dirs with synthetic banks: two sources of two videos. */
  function outputs(): { root: string; labels: string } {
    const root = mkdtempSync(join(tmpdir(), 'lvu-nn-'));
    const labels: Record<string, string> = {};
    [
      ['s1-a', 1],
      ['s1-b', 1],
      ['s2-a', 2],
      ['s2-b', 2],
    ].forEach(([name, src], i) => {
      mkdirSync(join(root, 'out', String(name)), { recursive: true });
      writeFileSync(join(root, 'out', String(name), FEATURE_BANK_FILE), encodeFeatureBank(syntheticBank(10 + i, 20, 3)).safetensors);
      labels[String(name)] = `source-${src}`;
    });
    writeFileSync(join(root, 'labels.json'), JSON.stringify(labels));
    return { root, labels: join(root, 'labels.json') };
  }

  it('embeds every bank with the shipped model and reports the transformer and both baselines', async () => {
    // Prepare
    const { root, labels } = outputs();
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    // Act
    const code = await run([join(root, 'out'), '--labels', labels, '--json']);
    // Assess
    expect(code).toBe(0);
    const doc = JSON.parse(out.join('')) as {
      embeddings: { embedding: string; report: { videos: number; queries: number; chance: number } }[];
    };
    expect(doc.embeddings.map((e) => e.embedding.split(' (')[0])).toEqual([
      'transformer [CLS]',
      'transformer span-compat',
      'mean instance appearance',
      'mean frame',
    ]);
    for (const e of doc.embeddings) expect(e.report).toMatchObject({ videos: 4, queries: 4, chance: 1 / 3 });
  });

  it('names the videos that have no label', async () => {
    const { root } = outputs();
    writeFileSync(join(root, 'partial.json'), JSON.stringify({ 's1-a': 'x' }));
    await expect(run([join(root, 'out'), '--labels', join(root, 'partial.json')])).rejects.toThrow(/no source label .* s1-b, s2-a, s2-b/);
  });

  it('refuses fewer than two analyze outputs with a usage line', async () => {
    const { root, labels } = outputs();
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    expect(await run([join(root, 'out', 's1-a'), '--labels', labels])).toBe(2);
    expect(err.join('')).toMatch(/usage: lvu eval neighbours/);
  });

  it('rejects a labels file that is not JSON', async () => {
    const { root } = outputs();
    writeFileSync(join(root, 'bad.json'), 'clip,source\n');
    await expect(run([join(root, 'out'), '--labels', join(root, 'bad.json')])).rejects.toThrow(/not valid JSON/);
  });
});
