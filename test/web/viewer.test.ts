import { execFile } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { missingDataMessage, testData } from '../helpers/data';
import { createKey, removeDir, startServe, tempDir, type ServeHandle } from '../platform/helpers/serve';
import { HAVE_CHROMIUM, NO_CHROMIUM_MESSAGE, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './helpers/browser';
import { analysisOf, apiGet, TENANT, type Figures } from './helpers/flows';
import { repeatAnalysis, seedDoneVideo } from './helpers/seed';
import { AnswersFileSchema } from '../../core/contracts/answers';

const run = promisify(execFile);
/** The page's `document` inside `page.evaluate` callbacks (this project compiles without the DOM lib). */
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
const SHOTS_DEV = 'shots/shots_dev.mp4';
const source = testData(SHOTS_DEV);
const skipWhy = !HAVE_CHROMIUM ? NO_CHROMIUM_MESSAGE : !source ? missingDataMessage(SHOTS_DEV) : undefined;

describe.skipIf(skipWhy !== undefined)(skipWhy ?? 'the results viewer in a real browser (chromium via playwright-core)', () => {
  let serve: ServeHandle;
  let session: BrowserSession;
  let apiKey = '';
  let work = '';
  let clip = '';
  let uploadedId = '';
  /** Requests a test expects to fail (e.g. the 401 of a wrong key), removed before the afterEach check. */
  let expectedFailures: RegExp[] = [];
  const figures: Figures = {};

  beforeAll(async () => {
    work = await tempDir('web');
    // 15.2 s of shots_dev: pedestrians (shot 0), a cut to a talking head (shot 1), a dissolve to a cockatoo (shot 2).
    clip = path.join(work, 'walk-talk-bird.mp4');
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      source!,
      '-frames:v',
      '380',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-g',
      '50',
      '-an',
      clip,
    ]);
    // Small limits so that the clip goes up in several parts and a 3 MB file is too large.
    serve = await startServe({
      dataDir: path.join(work, 'data'),
      workers: 1,
      env: {
        LVU_MULTIPART_THRESHOLD_BYTES: String(64 * 1024),
        LVU_PART_BYTES: String(256 * 1024),
        LVU_MAX_UPLOAD_BYTES: String(2 * 2 ** 20),
      },
    });
    apiKey = await createKey(serve.dataDir, TENANT);
    session = await openBrowser();
    await session.page.goto(serve.url);
  }, 120_000);

  afterAll(async () => {
    await writeFile(path.join(SCREENSHOT_DIR, 'figures.json'), `${JSON.stringify(figures, null, 1)}\n`).catch(() => undefined);
    await session?.close();
    await serve?.stop();
    await removeDir(work);
  });

  afterEach(() => {
    const unexpected = session.failedRequests.filter((r) => !expectedFailures.some((re) => re.test(r)));
    const consoleErrors = session.consoleErrors.filter(
      (e) => !(expectedFailures.length && /Failed to load resource: the server responded with a status of (401|413|415)/.test(e)),
    );
    session.failedRequests.length = 0;
    session.consoleErrors.length = 0;
    expectedFailures = [];
    expect(unexpected, 'failed requests').toEqual([]);
    expect(consoleErrors, 'console errors').toEqual([]);
  });

  it('resolves the favicon and shows the page', async () => {
    const favicon = await session.page.evaluate(async () => (await fetch('/favicon.ico')).headers.get('content-type'));
    expect(favicon).toBe('image/svg+xml');
    const icon = await session.page.evaluate(async () => (await fetch(document.querySelector('link[rel=icon]')!.href)).status);
    expect(icon).toBe(200);
    await session.screenshot('01-page');
  });

  it('says so when the API key is wrong', async () => {
    const { page } = session;
    expectedFailures = [/\/v1\/videos\S* → 401$/];
    await page.fill('#key', 'lvu_not-a-real-key');
    await page.click('#save');
    await page.waitForSelector('#list .err[data-code=UNAUTHORIZED]');
    expect(await page.textContent('#list .err')).toMatch(/API key is missing or wrong/);
    await page.setInputFiles('#file', clip);
    await page.click('#upload');
    await page.waitForSelector('#upmsg .err[data-code=UNAUTHORIZED]');
    await session.screenshot('02-bad-key');
  });

  it('says so when the file is not a video', async () => {
    const { page } = session;
    // The list's 2-s poll may still go out with the previous test's wrong key.
    expectedFailures = [/POST \S+\/v1\/videos → 415$/, /GET \S+\/v1\/videos\?limit=50 → 401$/];
    await page.fill('#key', apiKey);
    await page.click('#save');
    await page.setInputFiles('#file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a video\n') });
    await page.click('#upload');
    await page.waitForSelector('#upmsg .err[data-code=UNSUPPORTED_MEDIA_TYPE]');
    expect(await page.textContent('#upmsg')).toMatch(/not a video the platform accepts/);
    await session.screenshot('03-not-a-video');
  });

  it('says so when the file is too large', async () => {
    const { page } = session;
    expectedFailures = [/POST \S+\/v1\/videos → 413$/];
    await page.setInputFiles('#file', { name: 'huge.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(3 * 2 ** 20) });
    await page.click('#upload');
    await page.waitForSelector('#upmsg .err[data-code=PAYLOAD_TOO_LARGE]');
    expect(await page.textContent('#upmsg')).toMatch(/larger than this platform accepts/);
    await session.screenshot('03b-too-large');
  });

  it('uploads a real clip through the page, follows it to done, and shows its analysis', async () => {
    const { page } = session;
    // Prepare: upload with every analysis ticked (the default), in 256 KiB parts.
    const puts: string[] = [];
    const onRequest = (r: { method(): string; url(): string }) => {
      if (r.method() === 'PUT') puts.push(r.url());
    };
    page.on('request', onRequest);
    await page.setInputFiles('#file', clip);
    await page.click('#upload');
    uploadedId = (await (await page.waitForSelector('[data-uploaded]', { timeout: 60_000 })).getAttribute('data-uploaded'))!;
    page.off('request', onRequest);
    expect(puts.length).toBe(Math.ceil((await stat(clip)).size / (256 * 1024))); // one PUT per part
    expect(puts.length).toBeGreaterThan(1);
    await session.screenshot('04-uploaded');
    await page.waitForSelector(`tr[data-id="${uploadedId}"][data-status="done"]`, { timeout: 900_000 });
    await session.screenshot('05-done');
    const truth = await analysisOf(serve.url, apiKey, uploadedId);
    // Act: open it.
    await page.click(`tr[data-id="${uploadedId}"] td`);
    await page.waitForSelector('#view[data-ready=done]', { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('#player')!.readyState >= 1);
    await session.screenshot('06-view');
    // Assess: one strip of the clip's shots and a lane per identity seen.
    const identities = new Set(truth.tracks!.tracks.filter((t) => t.classId === 0 && t.identityId !== null).map((t) => t.identityId));
    expect(truth.shots.shots.length).toBe(3);
    expect(await page.getAttribute('#timeline', 'data-shots')).toBe('3');
    expect(await page.locator('#timeline .lane[data-kind=person]').count()).toBe(identities.size);
    expect(await page.locator('#cast .person').count()).toBe(identities.size);
    expect(identities.size).toBeGreaterThan(0);
    expect(await page.locator('#answers tr[data-task]').count()).toBe(
      Object.values(truth.answers!).reduce((n: number, d) => n + Object.keys((d as { tasks: object }).tasks).length, 0),
    );
  }, 1_200_000);

  it('draws the tracked boxes over the video at a known time', async () => {
    const { page } = session;
    const truth = await analysisOf(serve.url, apiKey, uploadedId);
    // Prepare: the largest person box of the clip, and where it lies.
    const points = truth.tracks!.tracks.filter((t) => t.classId === 0).flatMap((t) => t.points.map((p) => ({ p, t })));
    const { p, t } = points.reduce((a, b) => (area(b.p.box) > area(a.p.box) ? b : a));
    // Act: seek there.
    await page.evaluate((sec) => {
      document.querySelector('#player')!.currentTime = sec;
    }, p.seconds);
    await page.waitForFunction(() => Number(document.querySelector('#overlay')!.dataset.boxes) > 0, undefined, { timeout: 15_000 });
    await session.screenshot('07-boxes');
    // Assess: the box's left edge is painted in its identity's colour, its inside is clear.
    const pixels = await page.evaluate(
      ({ box, w, h }) => {
        const canvas = document.querySelector('#overlay')!;
        const player = document.querySelector('#player')!;
        const scale = Math.min(player.clientWidth / w, player.clientHeight / h);
        const ox = (player.clientWidth - w * scale) / 2,
          oy = (player.clientHeight - h * scale) / 2,
          dpr = canvas.width / player.clientWidth;
        // The stroke is 2 px wide and anti-aliased: the most opaque of the 3 pixels across the edge.
        const at = (x: number, y: number) => {
          const d = canvas
            .getContext('2d')!
            .getImageData(Math.round((ox + x * scale) * dpr) - 1, Math.round((oy + y * scale) * dpr), 3, 1).data;
          return [0, 4, 8].map((i) => Array.from(d.slice(i, i + 4)) as number[]).reduce((a, b) => (b[3]! > a[3]! ? b : a));
        };
        const [x1, y1, x2, y2] = box;
        return { edge: at(x1, (y1 + y2) / 2), inside: at((x1 + x2) / 2, (y1 + y2) / 2) };
      },
      { box: p.box, w: truth.shots.video.width, h: truth.shots.video.height },
    );
    expect(pixels.edge[3]).toBe(255);
    expect(pixels.inside[3]).toBe(0);
    // Hidden on request.
    await page.uncheck('#boxes-on');
    expect(await page.getAttribute('#overlay', 'data-boxes')).toBe('0');
    await page.check('#boxes-on');
    expect(t.identityId).not.toBeNull();
  });

  it('seeks when a shot is clicked on the timeline, and steps shot by shot with the arrows', async () => {
    const { page } = session;
    const truth = await analysisOf(serve.url, apiKey, uploadedId);
    const shot = truth.shots.shots[2]!;
    const duration = truth.shots.video.durationSec;
    // Act: click the middle of shot 2 in the (unzoomed) shot strip.
    await page.click('#timeline button[data-zoom=fit]');
    const box = (await page.locator('#timeline canvas').boundingBox())!;
    const mid = (shot.startSec + shot.endSec) / 2;
    await page.mouse.click(box.x + (mid / duration) * box.width, box.y + 16 + 20);
    // Assess
    const now = await page.evaluate(() => document.querySelector('#player')!.currentTime);
    expect(Math.abs(now - mid)).toBeLessThan((duration / box.width) * 2);
    await session.screenshot('08-shot-clicked');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.querySelector('#player')!.currentTime)).toBeCloseTo(shot.startSec, 2);
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.querySelector('#player')!.currentTime)).toBeCloseTo(truth.shots.shots[1]!.startSec, 2);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.querySelector('#player')!.currentTime)).toBeCloseTo(shot.startSec, 2);
  });

  it("highlights a person's lane and boxes when the cast card is clicked", async () => {
    const { page } = session;
    const first = page.locator('#cast .person').first();
    const id = await first.getAttribute('data-identity');
    await first.click();
    await expect.poll(() => page.locator('#cast .person.hl').count()).toBe(1);
    expect(await page.getAttribute('#cast .person.hl', 'data-identity')).toBe(id);
    expect(await page.locator(`#timeline .lane.hl[data-identity="${id}"]`).count()).toBe(1);
    await session.screenshot('09-cast-highlight');
    await first.click();
    expect(await page.locator('#cast .person.hl').count()).toBe(0);
  });

  it('shows a trained answer with its label, confidence, head version and evidence spans that seek', async () => {
    const { page } = session;
    // Prepare: the clip's real answers document with one task answered as a trained head answers (schema-checked).
    const real = await analysisOf(serve.url, apiKey, uploadedId);
    const [name, doc] = Object.entries(real.answers!)[0]! as [string, { tasks: Record<string, unknown> }];
    const genre = {
      status: 'ok',
      kind: 'classification',
      prediction: 'documentary',
      probabilities: { documentary: 0.81, action: 0.19 },
      evidence: [
        { startSec: 5.2, endSec: 9.2, support: 0.9 },
        { startSec: 1, endSec: 5, support: 0.6 },
      ],
      head: {
        version: 2,
        model: { name: 'object-transformer', version: '0.2.0' },
        cv: { metric: 'accuracy', folds: 5, perFold: [1, 0.5, 1, 1, 0.5], mean: 0.8, baseline: 0.5 },
        videos: 10,
      },
    };
    const answers = { [name]: AnswersFileSchema.parse({ ...doc, tasks: { ...doc.tasks, genre } }) };
    const id = await seedDoneVideo(serve.dataDir, TENANT, 'answered.mp4', { ...real, answers });
    await page.waitForSelector(`tr[data-id="${id}"][data-status="done"]`, { timeout: 30_000 });
    // Act
    await page.click(`tr[data-id="${id}"] td`);
    await page.waitForSelector(`#view[data-video-id="${id}"][data-ready=done]`, { timeout: 60_000 });
    // Assess: the row, the not-trained rows, and the evidence marks on the timeline.
    const row = page.locator('#answers tr[data-task=genre]');
    expect(await row.textContent()).toMatch(/documentary\s*81 %\s*v2 CV accuracy 0\.80 \(baseline 0\.50\)/);
    expect(await page.locator('#answers tr.not-trained').count()).toBe(Object.keys(doc.tasks).filter((t) => t !== 'genre').length);
    expect(await page.locator('#timeline .lane[data-kind=evidence]').count()).toBe(1);
    await row.locator('button.ev').first().click();
    expect(await page.evaluate(() => document.querySelector('#player').currentTime)).toBeCloseTo(5.2, 3);
    await session.screenshot('09b-trained-answer');
  });

  it('opens a failed video and shows why it failed', async () => {
    const { page } = session;
    // Prepare: bytes that claim to be an MP4 but are not a video; the probe fails.
    await page.setInputFiles('#file', { name: 'broken.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(4096, 7) });
    await page.click('#upload');
    const id = (await (await page.waitForSelector('[data-uploaded]', { timeout: 60_000 })).getAttribute('data-uploaded'))!;
    await page.waitForSelector(`tr[data-id="${id}"][data-status="failed"]`, { timeout: 300_000 });
    // Act
    await page.click(`tr[data-id="${id}"] td`);
    // Assess: the view says where and why, as the API recorded it.
    await page.waitForSelector('#view[data-ready=failed] #failure:not([hidden])');
    const video = await apiGet<{ error: { code: string; message: string } }>(serve.url, apiKey, `/videos/${id}`);
    const text = await page.textContent('#failure');
    expect(text).toContain(video.error.code);
    expect(text).toContain(video.error.message);
    await session.screenshot('10-failed-video');
  }, 600_000);

  for (const { label, sec } of [
    { label: '10-minute', sec: 600 },
    { label: '2-hour', sec: 7200 },
  ]) {
    it(`opens the results of a ${label} video (built from the real clip's analysis) and reports the time to ready, timeline render and heap`, async () => {
      const { page } = session;
      // Prepare: the clip's real analysis repeated to the length, stored as a finished video.
      const long = repeatAnalysis(await analysisOf(serve.url, apiKey, uploadedId), sec, 4);
      const id = await seedDoneVideo(serve.dataDir, TENANT, `${label}.mp4`, long);
      await page.waitForSelector(`tr[data-id="${id}"][data-status="done"]`, { timeout: 30_000 });
      // Act: click it; ready = data loaded, timeline and cast drawn, the first minute of boxes in.
      const clicked = Date.now();
      await page.click(`tr[data-id="${id}"] td`);
      await page.waitForSelector(`#view[data-video-id="${id}"][data-ready=done]`, { timeout: 60_000 });
      const readyMs = Date.now() - clicked;
      await page.waitForTimeout(500); // thumbnails decode after the first draw
      await session.screenshot(`11-${label}`);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      const redrawMs = await page.evaluate(() => {
        const t = performance.now();
        document.querySelector('#timeline button[data-zoom=in]').click();
        document.querySelector('#timeline button[data-zoom=fit]').click();
        return (performance.now() - t) / 2;
      });
      // Assess: everything the video has is on the page.
      expect(await page.getAttribute('#timeline', 'data-shots')).toBe(String(long.shots.shots.length));
      expect(Number(await page.getAttribute('#timeline', 'data-people'))).toBe(
        new Set(long.tracks!.tracks.filter((t) => t.classId === 0).map((t) => t.identityId)).size,
      );
      Object.assign(figures, {
        [`${label} shots`]: long.shots.shots.length,
        [`${label} tracks`]: long.tracks!.tracks.length,
        [`${label} track points`]: long.tracks!.tracks.reduce((n, t) => n + t.points.length, 0),
        [`${label} ready after click ms`]: readyMs,
        [`${label} ready in page ms`]: Number(await page.getAttribute('#view', 'data-ready-ms')),
        [`${label} timeline first render ms`]: Number(await page.getAttribute('#timeline', 'data-render-ms')),
        [`${label} timeline redraw ms`]: Number(redrawMs.toFixed(1)),
        [`${label} JS heap MB`]: Number((heap.usedSize / 2 ** 20).toFixed(1)),
      });
      process.stdout.write(`viewer ${label}: ${JSON.stringify(figures)}\n`);
      // Memory is not a timing: the page must hold a 2-hour video's view in under 100 MB of JS heap.
      expect(heap.usedSize).toBeLessThan(100 * 2 ** 20);
    }, 600_000);
  }
});

function area(b: readonly number[]): number {
  return (b[2]! - b[0]!) * (b[3]! - b[1]!);
}
