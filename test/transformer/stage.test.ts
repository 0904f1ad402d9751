import { afterAll, describe, expect, it } from 'vitest';
import { LVU_TASKS } from '../../core/lvu-tasks';
import { modelsConfig } from '../../models/config';
import { SessionCache } from '../../models/runtime';
import { answerAll, spanBounds } from '../../stages/transformer/answers';
import { loadTransformerModel } from '../../stages/transformer/model';
import { runSpans } from '../../stages/transformer/infer';
import { buildSpans, spanStarts } from '../../stages/transformer/spans';
import { decodeSpanEmbeddings, encodeSpanEmbeddings, runTransformerStage } from '../../stages/transformer/stage';
import { transformerDocument } from '../../stages/transformer/understand';
import { syntheticBank } from '../features/fixtures';

const sessions = new SessionCache(modelsConfig({ intraOpThreads: 1, interOpThreads: 1, autoBuild: false }));
afterAll(() => sessions.dispose());

describe('span building', () => {
  it.each([
    ['a video shorter than a span', 45, [0]],
    ['exactly one span', 60, [0]],
    ['overlapping spans ending at the last second', 100, [0, 30, 40]],
    ['a grid of strides', 120, [0, 30, 60]],
  ])('%s', (_n, count, starts) => {
    expect(spanStarts(count, 60, 30)).toEqual(starts);
  });
});

describe('transformer stage with the shipped model', () => {
  it('produces the video embedding, per-instance predictions and span embeddings (no scenes: those are scenes.json)', async () => {
    // Prepare
    const model = loadTransformerModel();
    const bank = syntheticBank(3, 100, 8);
    // Act
    const result = await runTransformerStage(bank, model, await sessions.open(model.resolved));
    // Assess
    expect(result.spans.map((s) => s.startSec)).toEqual([0, 30, 40]);
    expect(result.videoEmbedding).toHaveLength(model.config.hidden);
    expect(result.videoEmbedding.every(Number.isFinite)).toBe(true);
    const keys = new Set([...bank.trackId].map((t, i) => (bank.identityId[i]! >= 0 ? `identity:${bank.identityId[i]}` : `track:${t}`)));
    expect(new Set(result.instances.map((i) => `${i.kind}:${i.id}`))).toEqual(keys);
    for (const inst of result.instances) expect(inst.top[0]!.p).toBeGreaterThanOrEqual(inst.top[1]!.p);
    expect(Object.keys(transformerDocument(result))).not.toContain('scenes');
    const back = decodeSpanEmbeddings(encodeSpanEmbeddings(result.embeddings));
    expect(back.cls).toEqual(result.embeddings.cls);
    expect(back.version).toBe(model.resolved.manifest.version);
    const answers = answerAll(bank.index.videoId, LVU_TASKS, new Map(), back, spanBounds(back, bank.index.durationSec));
    expect(Object.values(answers.tasks).every((a) => a.status === 'not_trained')).toBe(true);
  });

  it('gives the same outputs for a span alone and inside a padded batch', async () => {
    const model = loadTransformerModel();
    const session = await sessions.open(model.resolved);
    const spans = buildSpans(syntheticBank(4, 100, 8), model.config);
    const alone = await runSpans(session, spans, model.config, 1);
    const batched = await runSpans(session, spans, model.config, 8);
    expect(new Set(spans.map((s) => s.tokens)).size).toBeGreaterThan(1); // padding really happens
    alone.forEach((o, s) => {
      o.cls.forEach((v, i) => expect(Math.abs(v - batched[s]!.cls[i]!)).toBeLessThan(1e-5));
      o.mipLogits.forEach((v, i) => expect(Math.abs(v - batched[s]!.mipLogits[i]!)).toBeLessThan(1e-5));
    });
  });
});
