/**
 * Build, registry and runtime boundaries: idempotent deterministic build, user model
 * directories, and the bad calls — wrong manifest, checksum mismatch, corrupt ONNX file,
 * wrong input name/shape/dtype, unknown model, CUDA not installed, tampered source.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LvuError } from '../../core/errors';
import {
  buildModel,
  checkFeeds,
  listModels,
  modelsConfig,
  readModelDir,
  resolveModel,
  SessionCache,
  type InputTensor,
  type ModelManifest,
} from '../../models';
import { sha256Hex, verifySourceFiles } from '../../models/sources';
import { ensureModels } from './helpers';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof LvuError ? `${e.code}: ${e.message}` : `not an LvuError: ${String(e)}`;
  }
  return 'no error';
}

async function asyncCodeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return e instanceof LvuError ? `${e.code}: ${e.message}` : `not an LvuError: ${String(e)}`;
  }
  return 'no error';
}

describe('models build', () => {
  it('is idempotent and deterministic, and rebuilds a tampered file', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'lvu-build-'));
    // Act
    const first = buildModel('blazeface', dir);
    const bytes = readFileSync(first.file);
    const second = buildModel('blazeface', dir);
    writeFileSync(first.file, 'tampered');
    const third = buildModel('blazeface', dir);
    // Assess
    expect([first.status, second.status, third.status]).toEqual(['built', 'up-to-date', 'built']);
    expect(readFileSync(third.file).equals(bytes)).toBe(true);
  });

  it('a cache built by an older recipe (manifest version 1 of centernet) is rebuilt on first use', () => {
    // Prepare: a consistent v1 cache entry (sha256 matches its file), as `models build` wrote it before
    const dir = mkdtempSync(join(tmpdir(), 'lvu-stale-'));
    buildModel('centernet', dir);
    const manifestPath = join(dir, 'centernet.manifest.json');
    const v2 = JSON.parse(readFileSync(manifestPath, 'utf8')) as ModelManifest;
    const v1 = { ...v2, version: '1', inputs: [{ ...v2.inputs[0]!, shape: [1, 512, 512, 3] }] };
    writeFileSync(manifestPath, JSON.stringify(v1));
    const notices: string[] = [];
    // Act
    const stale = resolveModel('centernet', modelsConfig({ modelDir: dir, autoBuild: false }), (l) => notices.push(l));
    const fresh = resolveModel('centernet', modelsConfig({ modelDir: dir }), (l) => notices.push(l));
    // Assess: without autoBuild the cache is used as it is; with it, rebuilt once, with a notice
    expect(stale.manifest.version).toBe('1');
    expect(fresh.manifest.version).toBe('2');
    expect(fresh.manifest.inputs[0]!.shape).toEqual(['batch', 'height', 'width', 3]);
    expect(notices).toEqual([expect.stringMatching(/converting default model centernet .*older recipe or converter/)]);
    expect(buildModel('centernet', dir).status).toBe('up-to-date');
  });
});

describe('registry and runtime bad calls', () => {
  let cacheDir: string;
  let manifest: ModelManifest;
  beforeAll(() => {
    cacheDir = ensureModels().modelDir;
    manifest = readModelDir(cacheDir, 'blazeface').manifest;
  });

  function userDir(mutate: (m: Record<string, unknown>) => void, onnx?: string | Buffer): string {
    const dir = mkdtempSync(join(tmpdir(), 'lvu-user-models-'));
    const m = JSON.parse(JSON.stringify({ ...manifest, name: 'mine', file: 'mine.onnx' })) as Record<string, unknown>;
    mutate(m);
    writeFileSync(join(dir, 'mine.manifest.json'), JSON.stringify(m));
    if (onnx === undefined) copyFileSync(join(cacheDir, 'blazeface.onnx'), join(dir, 'mine.onnx'));
    else writeFileSync(join(dir, 'mine.onnx'), onnx);
    return dir;
  }

  it('resolves a user model from LVU_MODEL_PATH dirs and lists it', () => {
    // Prepare
    const config = modelsConfig({ modelDir: cacheDir, searchDirs: [userDir(() => {})], autoBuild: false });
    // Act
    const found = resolveModel('mine', config);
    const listed = listModels(config).find((r) => r.name === 'mine');
    // Assess
    expect(found.manifest.role).toBe('face-detector');
    expect(listed?.status).toBe('ready');
  });

  const MANIFEST_CASES: { name: string; mutate: (m: Record<string, unknown>) => void; onnx?: string; expected: RegExp }[] = [
    { name: 'missing field', mutate: (m) => delete m['inputs'], expected: /VALIDATION_FAILED: .*inputs/ },
    {
      name: 'bad input dtype',
      mutate: (m) => ((m['inputs'] as Record<string, unknown>[])[0]!['dtype'] = 'float64'),
      expected: /VALIDATION_FAILED: .*inputs\.0\.dtype/,
    },
    { name: 'name differs from file name', mutate: (m) => (m['name'] = 'other'), expected: /MODEL_MANIFEST_INVALID: .*names model other/ },
    { name: 'sha256 mismatch', mutate: (m) => (m['sha256'] = 'a'.repeat(64)), expected: /MODEL_CHECKSUM_MISMATCH/ },
    { name: 'file outside its directory', mutate: (m) => (m['file'] = '../x.onnx'), expected: /VALIDATION_FAILED: .*file/ },
  ];
  it.each(MANIFEST_CASES)('wrong manifest: $name', ({ mutate, expected }) => {
    // Prepare
    const dir = userDir(mutate);
    // Act
    const got = codeOf(() => readModelDir(dir, 'mine'));
    // Assess
    expect(got).toMatch(expected);
  });

  it('a corrupt ONNX file is a clear load error', async () => {
    // Prepare
    const garbage = 'this is not a protobuf';
    const dir = userDir((m) => (m['sha256'] = sha256Hex(Buffer.from(garbage))), garbage);
    const cache = new SessionCache(modelsConfig({ modelDir: cacheDir, searchDirs: [dir] }));
    // Act
    const got = await asyncCodeOf(() => cache.open(readModelDir(dir, 'mine')));
    // Assess
    expect(got).toMatch(/MODEL_FILE_INVALID: cannot load model mine/);
  });

  const FEED_CASES: { name: string; feeds: Record<string, InputTensor>; expected: RegExp }[] = [
    {
      name: 'wrong dtype',
      feeds: { input: { data: new Int32Array(256 * 256 * 3), dims: [1, 256, 256, 3] } },
      expected: /input input: dtype int32, expected float32/,
    },
    {
      name: 'wrong shape',
      feeds: { input: { data: new Float32Array(128 * 128 * 3), dims: [1, 128, 128, 3] } },
      expected: /input input: dims \[1, 128, 128, 3\], expected \[1, 256, 256, 3\]/,
    },
    {
      name: 'wrong rank',
      feeds: { input: { data: new Float32Array(256 * 256 * 3), dims: [256, 256, 3] } },
      expected: /input input: rank 3/,
    },
    {
      name: 'data length ≠ dims',
      feeds: { input: { data: new Float32Array(10), dims: [1, 256, 256, 3] } },
      expected: /10 values for dims/,
    },
    { name: 'unknown input', feeds: { image: { data: new Float32Array(3), dims: [1, 1, 1, 3] } }, expected: /has no input image/ },
    { name: 'missing input', feeds: {}, expected: /input input: missing/ },
  ];
  it.each(FEED_CASES)('wrong input: $name', ({ feeds, expected }) => {
    // Act
    const got = codeOf(() => checkFeeds(manifest, feeds));
    // Assess
    expect(got).toMatch(/^MODEL_INPUT_INVALID/);
    expect(got).toMatch(expected);
  });

  it('an unknown model name says where it looked', () => {
    // Act
    const got = codeOf(() => resolveModel('nope', modelsConfig({ modelDir: cacheDir, autoBuild: false })));
    // Assess
    expect(got).toMatch(/MODEL_NOT_FOUND: model nope not found in/);
  });

  it('asking for CUDA without CUDA binaries is a clear error', async () => {
    // Prepare
    const cache = new SessionCache(modelsConfig({ modelDir: cacheDir, executionProvider: 'cuda' }));
    // Act
    const got = await asyncCodeOf(() => cache.open(readModelDir(cacheDir, 'blazeface')));
    // Assess
    expect(got).toMatch(/EXECUTION_PROVIDER_UNAVAILABLE: CUDA execution provider requested/);
  });

  it('a source file that differs from the pinned sha256 is refused', () => {
    // Act
    const got = codeOf(() => verifySourceFiles('@vladmandic/human', '3.3.6', { 'models/blazeface.json': '0'.repeat(64) }));
    // Assess
    expect(got).toMatch(/MODEL_SOURCE_MISMATCH: @vladmandic\/human\/models\/blazeface.json has sha256 [0-9a-f]{64}, expected 0{64}/);
  });
});
