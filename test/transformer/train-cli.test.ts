import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSpanEmbeddings } from '../../stages/transformer/stage';
import { runLvu } from '../helpers/cli';
import { rng } from '../features/fixtures';

const DIM = 8;

/** An analysis tree: one dir per video with span embeddings whose mean encodes the label. */
function analysisTree(labels: string[], version = '1'): string {
  const root = mkdtempSync(join(tmpdir(), 'lvu-train-'));
  const r = rng(7);
  const rows = ['video,label'];
  labels.forEach((label, v) => {
    const dir = join(root, `video${v}`);
    mkdirSync(dir);
    const k = ['action', 'comedy', 'drama', 'horror'].indexOf(label);
    const cls = Float32Array.from({ length: 4 * DIM }, (_, i) => (i % DIM === Math.max(0, k) ? 3 : 0) + r() - 0.5);
    writeFileSync(
      join(dir, 'span-embeddings.safetensors'),
      encodeSpanEmbeddings({ model: 'object-transformer', version, starts: Int32Array.of(0, 30, 60, 90), spanSec: 60, hidden: DIM, cls }),
    );
    rows.push(`video${v},${label}`);
  });
  writeFileSync(join(root, 'labels.csv'), `${rows.join('\n')}\n`);
  return root;
}

describe('lvu train head', () => {
  it('prints k-fold CV and stores a head for a catalog task', async () => {
    // Prepare
    const root = analysisTree(Array.from({ length: 12 }, (_, i) => ['action', 'comedy', 'drama', 'horror'][i % 4]!));
    // Act
    const r = await runLvu([
      'train',
      'head',
      '--task',
      'genre',
      '--labels',
      join(root, 'labels.csv'),
      '--folds',
      '3',
      '--heads-dir',
      join(root, 'heads'),
    ]);
    // Assess
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fold 1\/3: accuracy/);
    expect(r.stdout).toMatch(/mean accuracy 100\.0% \(baseline: majority class/);
    const head = JSON.parse(readFileSync(join(root, 'heads', 'genre.json'), 'utf8')) as {
      task: { name: string };
      model: { version: string };
      videos: number;
    };
    expect(head).toMatchObject({ task: { name: 'genre' }, model: { version: '1' }, videos: 12 });
  });

  it('trains a user-defined task when given --kind', async () => {
    const root = analysisTree(['action', 'comedy', 'action', 'comedy']);
    const r = await runLvu([
      'train',
      'head',
      '--task',
      'mood',
      '--kind',
      'classification',
      '--labels',
      join(root, 'labels.csv'),
      '--folds',
      '2',
      '--heads-dir',
      join(root, 'heads'),
    ]);
    expect(r.code).toBe(0);
    const head = JSON.parse(readFileSync(join(root, 'heads', 'mood.json'), 'utf8')) as { task: { labels: string[]; source: string } };
    expect(head.task).toMatchObject({ labels: ['action', 'comedy'], source: 'user' });
  });

  it.each([
    ['an unknown task without --kind', ['--task', 'mood'], /not in the LVU catalog.*--kind/],
    ['a label outside the task', ['--task', 'relationship'], /label "action" is not one of friends/],
    ['a kind that contradicts the catalog', ['--task', 'genre', '--kind', 'regression'], /contradicts/],
  ])('fails clearly on %s', async (_n, flags, message) => {
    const root = analysisTree(['action', 'comedy', 'drama']);
    const r = await runLvu(['train', 'head', ...flags, '--labels', join(root, 'labels.csv'), '--heads-dir', join(root, 'heads')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it('fails clearly on a video without span embeddings and on a bad header', async () => {
    const root = analysisTree(['action', 'comedy']);
    writeFileSync(join(root, 'missing.csv'), 'video,label\nnowhere,action\nvideo0,comedy\n');
    writeFileSync(join(root, 'header.csv'), 'clip,genre\nvideo0,action\n');
    const a = await runLvu(['train', 'head', '--task', 'genre', '--labels', join(root, 'missing.csv')]);
    expect(a.stderr).toMatch(/EMBEDDINGS_MISSING.*missing\.csv:2/);
    const b = await runLvu(['train', 'head', '--task', 'genre', '--labels', join(root, 'header.csv')]);
    expect(b.stderr).toMatch(/header must name the columns "video" and "label"/);
    const c = await runLvu(['train', 'model', '--task', 'genre', '--labels', join(root, 'header.csv')]);
    expect(c.stderr).toMatch(/only "lvu train head" exists/);
  });
});
