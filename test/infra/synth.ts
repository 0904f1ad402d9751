import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll } from 'vitest';
import { buildLvuApp, type LvuStacks } from '../../infra/app';
import { parseLvuConfig } from '../../infra/config';
import { REPO_ROOT } from '../../infra/paths';

/** A stand-in handler, so these tests do not depend on the platform's Lambda code. */
export const FIXTURE_HANDLER = 'test/infra/fixtures/handler.ts';

/** The feature flags and context of the real app (cdk.json), minus the `lvu` config. */
function cdkJsonContext(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const { lvu: _ignored, ...flags } = json.context;
  return flags;
}

/**
 * Builds the whole app with the given `lvu` config (Lambda entries default to a fixture)
 * into a temporary cloud assembly. The built-in CloudFormation schema validation is left
 * to `cdk synth`; it costs seconds and the assertions here are more specific.
 */
export function buildTestApp(config: Record<string, unknown> = {}): TestApp {
  const outdir = mkdtempSync(join(tmpdir(), 'lvu-cdk-'));
  const app = new App({ context: cdkJsonContext(), outdir, builtinCloudFormationValidation: false });
  const functions = { api: FIXTURE_HANDLER, ingest: FIXTURE_HANDLER, schedule: FIXTURE_HANDLER };
  const stacks = buildLvuApp(app, parseLvuConfig({ functions, ...config }));
  return { app, stacks, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** A built app, its stacks, and a way to delete its cloud assembly (staged assets included). */
export interface TestApp {
  app: App;
  stacks: LvuStacks;
  dispose: () => void;
}

/** Templates of every stack, by short name. */
export function templatesOf(stacks: LvuStacks): Record<keyof LvuStacks, Template> {
  const entries = Object.entries(stacks).map(([k, s]) => [k, Template.fromStack(s as Stack)] as const);
  return Object.fromEntries(entries) as Record<keyof LvuStacks, Template>;
}

/**
 * Builds the default test app once for the enclosing `describe` (beforeAll/afterAll) and
 * returns a handle whose `t` holds the templates once built.
 */
export function useDefaultTemplates(): { readonly t: ReturnType<typeof templatesOf> } {
  let built: TestApp | undefined;
  let templates: ReturnType<typeof templatesOf> | undefined;
  beforeAll(() => {
    built = buildTestApp();
    templates = templatesOf(built.stacks);
  });
  afterAll(() => built?.dispose());
  return {
    get t() {
      if (!templates) throw new Error('templates are only available inside tests (after beforeAll)');
      return templates;
    },
  };
}
