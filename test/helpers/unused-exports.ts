import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './data';
import { edgesOf, sourceFiles } from './module-graph';

/**
 * Lists exports of the repo's non-test `.ts` files that no other file imports (tests and
 * benches count as users). A report to read, not a rule: entry points loaded by path
 * (`cli/commands/*.ts` run/summary, Lambda `handler`s, bench files) show up too.
 *
 * Run: `npx tsx test/helpers/unused-exports.ts`
 */
function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(REPO_ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  for (const st of source.statements) {
    const modifiers = ts.canHaveModifiers(st) ? (ts.getModifiers(st) ?? []) : [];
    const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isExportAssignment(st)) names.push('default');
    else if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) names.push(el.name.text);
    } else if (exported && isDefault) names.push('default');
    else if (exported && ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (exported && 'name' in st && st.name && ts.isIdentifier(st.name as ts.Node)) names.push((st.name as ts.Identifier).text);
  }
  return names;
}

/** Unused exports as `file: name`, plus files nothing imports at all. */
export function unusedExports(): string[] {
  const files = sourceFiles(REPO_ROOT);
  const used = new Map<string, Set<string>>(files.map((f) => [f, new Set<string>()]));
  const starFrom = new Map<string, string[]>();
  const importers = new Map<string, number>();
  for (const f of files) {
    for (const e of edgesOf(REPO_ROOT, f)) {
      for (const n of e.names) used.get(e.to)?.add(n);
      importers.set(e.to, (importers.get(e.to) ?? 0) + 1);
      if (e.reExportAll) starFrom.set(f, [...(starFrom.get(f) ?? []), e.to]);
    }
  }
  // A name taken from a barrel is taken from the module the barrel re-exports it from.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [barrel, targets] of starFrom) {
      for (const name of used.get(barrel) ?? []) {
        for (const t of targets) {
          const set = used.get(t)!;
          if (!set.has(name)) {
            set.add(name);
            changed = true;
          }
        }
      }
    }
  }
  const out: string[] = [];
  for (const f of files) {
    if (f.startsWith('test/') || f.startsWith('bench/')) continue;
    if (!importers.has(f) && starFrom.has(f)) out.push(`${f}: (a barrel nothing imports)`);
    const u = used.get(f)!;
    if (u.has('*')) continue;
    for (const name of exportedNames(f)) if (!u.has(name)) out.push(`${f}: ${name}`);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of unusedExports()) process.stdout.write(`${line}\n`);
}
