/**
 * Reads every import of src/ (static, type-only, re-exports and dynamic) with TypeScript's
 * own pre-processor and holds them to the layer rules of import-rules.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { violation } from './import-rules.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every import of besitos's own files, as src-relative paths (`.js` specifiers name `.ts` files). */
function importGraph(): Array<{ from: string; to: string }> {
  const edges: Array<{ from: string; to: string }> = [];
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue; // a package
      const target = normalize(join(dirname(file), fileName)).replace(/\.js$/, '.ts');
      edges.push({ from: relative(SRC, file), to: relative(SRC, target) });
    }
  }
  return edges;
}

describe('import boundaries of src/', () => {
  it('hold for every import', () => {
    const graph = importGraph();
    expect(graph.length).toBeGreaterThan(500);
    const broken = graph.flatMap(({ from, to }) => {
      const why = violation(from, to);
      return why === null ? [] : [`${from} → ${to}: ${why}`];
    });
    expect(broken).toEqual([]);
  });

  it('find what the layering forbids', () => {
    // The rules themselves, on imports that must fail (and a few that must not).
    expect(violation('core/ledger/ledger.ts', 'bot/index.ts')).toMatch(/core imports only storage/);
    expect(violation('core/engine.ts', 'http/app.ts')).not.toBeNull();
    expect(violation('core/engine.ts', 'simulate/index.ts')).not.toBeNull();
    expect(violation('http/app.ts', 'bot/index.ts')).toMatch(/http does not import bot/);
    expect(violation('http/app.ts', 'cli/run-cli.ts')).not.toBeNull();
    expect(violation('cli/commands/simulate.ts', 'simulate/index.ts')).toMatch(/cli does not import simulate/);
    expect(violation('bot/state-storage.ts', 'storage/connect.ts')).toMatch(/only through the engine/);
    expect(violation('demo/demo-report.ts', 'storage/database.ts')).not.toBeNull();
    expect(violation('bot/features/admin/index.ts', 'core/settings/settings.ts')).toMatch(/only through core\/index\.ts/);
    expect(violation('server/start-server.ts', 'storage/connect.ts')).not.toBeNull();
    expect(violation('log/describe.ts', 'core/index.ts')).not.toBeNull();
    expect(violation('bot/features/admin/index.ts', 'core/index.ts')).toBeNull();
    expect(violation('http/app.ts', 'log/describe.ts')).toBeNull();
    expect(violation('core/engine.ts', 'storage/connect.ts')).toBeNull();
    expect(() => violation('misc/thing.ts', 'core/index.ts')).toThrow(/no known layer/);
  });
});
