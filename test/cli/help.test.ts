import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/data';
import { runLvu } from '../helpers/cli';

const COMMANDS_DIR = join(REPO_ROOT, 'cli', 'commands');

/** The flag names each `parseFlags(argv, { … })` call in a source file declares. */
function declaredFlags(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const flags: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'parseFlags') {
      const options = node.arguments[1];
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const p of options.properties) if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) flags.push(p.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return flags.filter((f) => f !== 'help');
}

/** Every string and template text of a source file (where a command's usage text lives). */
function stringTexts(file: string): string {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const texts: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))
      texts.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts.join('\n');
}

const commandFiles = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts'));

describe('lvu help', () => {
  it.each(commandFiles)('the summary of %s names every flag it accepts (or points to a --help that does)', async (file) => {
    // Prepare
    const flags = declaredFlags(join(COMMANDS_DIR, file));
    const { summary } = (await import(join(COMMANDS_DIR, file))) as { summary: string };
    // A summary that says "see lvu X --help" may leave the flags to that usage text.
    const help = summary.includes('--help') ? stringTexts(join(COMMANDS_DIR, file)) : summary;
    // Assess
    for (const flag of flags) expect(help, `${file} accepts --${flag}`).toMatch(new RegExp(`--${flag}\\b`));
  });

  it('lvu --help lists --pose for analyze', async () => {
    const res = await runLvu(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/analyze .*--pose on\|off/);
  });
});
