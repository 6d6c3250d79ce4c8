// ESLint does not read the AssemblyScript engine (its parser rejects `@inline` functions and
// `<T>` casts), so its "no unused imports" rule is checked here: every name an engine file
// imports is used in that file.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const assembly = join(root, 'wasm-core', 'assembly');

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? engineFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Names imported by `import { a, b as c } from "…"` lines that the rest of the file never uses. */
function unusedImports(text: string): string[] {
  const unused: string[] = [];
  for (const m of text.matchAll(/^import\s*\{([^}]*)\}\s*from\s*["'][^"']+["'];?[ \t]*$/gm)) {
    const rest = text.slice(0, m.index) + text.slice(m.index + m[0].length);
    for (const spec of m[1]!
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')) {
      const local = spec.split(/\s+as\s+/).pop()!;
      if (!new RegExp(`\\b${local.replace(/\$/g, '\\$')}\\b`).test(rest)) unused.push(local);
    }
  }
  return unused;
}

describe('AssemblyScript engine imports', () => {
  it('finds an unused name and keeps a used one', () => {
    expect(unusedImports('import { a, b as c } from "./x";\nexport const y = c;\n')).toEqual(['a']);
  });

  it('every imported name is used', () => {
    const found = engineFiles(assembly).flatMap((f) => unusedImports(readFileSync(f, 'utf8')).map((n) => `${relative(root, f)}: ${n}`));
    expect(found).toEqual([]);
  });
});
