import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Folders of the repo whose `.ts` files make up the module graph (what tsconfig includes). */
export const SOURCE_ROOTS = [
  'core',
  'stages',
  'models',
  'adapters',
  'gpu-workers',
  'functions',
  'infra',
  'cli',
  'test',
  'bench',
  'training',
  'web',
];

/** One import or re-export of a repo file by another (`typeOnly`: erased at runtime). */
export interface ModuleEdge {
  from: string;
  to: string;
  typeOnly: boolean;
  /** Names taken (`*` for a namespace or dynamic import; empty for a side-effect import or `export *`). */
  names: string[];
  /** `export * from …`: passes on whatever is taken from this file. */
  reExportAll?: boolean;
}

/** Every `.ts` file under the source roots (repo-relative, `/`-separated), node_modules excluded. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(root, dir))) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const rel = path.posix.join(dir, name);
      if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const dir of SOURCE_ROOTS) if (existsSync(path.join(root, dir))) walk(dir);
  return out.sort();
}

/** `./x` from `a/b.ts` → `a/x.ts` or `a/x/index.ts` when that file exists; undefined for packages. */
function resolveSpecifier(root: string, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(path.join(root, candidate))) return candidate;
  }
  return undefined;
}

/** Names an import clause takes, and whether the whole clause is type-only. */
function importedNames(clause: ts.ImportClause | undefined): { names: string[]; typeOnly: boolean } {
  if (!clause) return { names: [], typeOnly: false };
  const names: string[] = [];
  if (clause.name) names.push('default');
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
  let allTypes = clause.isTypeOnly;
  if (bindings && ts.isNamedImports(bindings)) {
    for (const el of bindings.elements) names.push((el.propertyName ?? el.name).text);
    allTypes ||= !clause.name && bindings.elements.length > 0 && bindings.elements.every((el) => el.isTypeOnly);
  }
  return { names, typeOnly: allTypes };
}

/** The repo-internal imports and re-exports of one file (static ones, and `import('./x')` with a literal). */
export function edgesOf(root: string, file: string): ModuleEdge[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const edges: ModuleEdge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean, names: string[], reExportAll = false) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const to = resolveSpecifier(root, file, specifier.text);
    if (to) edges.push({ from: file, to, typeOnly, names, ...(reExportAll ? { reExportAll } : {}) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const { names, typeOnly } = importedNames(node.importClause);
      add(node.moduleSpecifier, typeOnly, names);
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      const names = !clause ? [] : ts.isNamedExports(clause) ? clause.elements.map((el) => (el.propertyName ?? el.name).text) : ['*'];
      add(node.moduleSpecifier, node.isTypeOnly, names, !clause);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false, ['*']);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, true, ['*']);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/**
 * Import cycles among `files` (type-only imports included: a cycle of types still ties the
 * modules together). Each cycle is listed once, as the files in order, starting at the
 * smallest name. Tarjan's strongly connected components, then one cycle per component.
 */
export function importCycles(root: string, files: string[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of files) graph.set(f, [...new Set(edgesOf(root, f).map((e) => e.to))]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const strongConnect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
  };
  for (const f of files) if (!index.has(f)) strongConnect(f);
  return components.map((c) => cycleWithin(graph, new Set(c)));
}

/** One cycle through a strongly connected component: a path from its smallest file back to it. */
function cycleWithin(graph: Map<string, string[]>, members: Set<string>): string[] {
  const start = [...members].sort()[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return path;
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
