/**
 * No module imports itself through others, in the root project or in the chatbot. A circle makes
 * load order matter (a CommonJS module then sees the other half-initialised) and keeps two files
 * from being understood, tested or moved apart; the one the repository had
 * (chatbot/src/telemetry/node-telemetry.ts <-> sdk.ts) was untied by moving the shared types below
 * both (telemetry-options.ts). Type-only and dynamic imports count too.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../gitops/render';
import { importCycles, importGraph, sourceFiles } from '../support/import-graph';

/** Where the repository's TypeScript lives (the root project's tsconfig includes, and the chatbot's). */
const SOURCE_ROOTS = ['stacks', 'modules', 'tools', 'projenrc', 'test', 'bench', '.projenrc.ts', 'chatbot/src', 'chatbot/test', 'chatbot/bench', 'chatbot/ui', 'chatbot/scripts'];

describe('import circles', () => {
  it('the root project and the chatbot have none', () => {
    const files = SOURCE_ROOTS.flatMap((root) => sourceFiles(path.join(REPO_ROOT, root)));
    const graph = importGraph(files, REPO_ROOT);
    expect(graph.size, 'source files found').to.be.greaterThan(200);
    expect(graph.get('chatbot/src/telemetry/sdk.ts'), 'sdk.ts imports').to.include('chatbot/src/telemetry/telemetry-options.ts');
    expect(importCycles(graph)).to.deep.equal([]);
  });

  describe('the detector', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'import-cycles-'));
      const write = (file: string, text: string) => {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      };
      // The shape the chatbot had: a type-only import one way, a dynamic import the other.
      write('telemetry/sdk.ts', "export type Options = { a: 1 };\nexport async function start() { return (await import('./node-telemetry')).startNode(); }\n");
      write('telemetry/node-telemetry.ts', "import type { Options } from './sdk';\nexport function startNode(_?: Options) { return 1; }\n");
      // A longer circle through a directory index and an export-from.
      write('a.ts', "export { b } from './lib';\n");
      write('lib/index.ts', "export { b } from './b';\n");
      write('lib/b.ts', "import { a } from '../c';\nexport const b = a;\n");
      write('c.ts', "import '../outside-the-root/x';\nimport './a';\nexport const a = 1;\n");
      write('self.ts', "import './self';\n");
      write('clean/one.ts', "import { two } from './two';\nimport { z } from 'zod';\nexport const one = [two, z];\n");
      write('clean/two.ts', 'export const two = 2;\n');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('finds circles through type-only, dynamic, index and export-from imports, and self-imports', () => {
      expect(importCycles(importGraph(sourceFiles(dir), dir))).to.deep.equal([
        ['a.ts', 'c.ts', 'lib/b.ts', 'lib/index.ts'],
        ['self.ts'],
        ['telemetry/node-telemetry.ts', 'telemetry/sdk.ts'],
      ]);
    });

    it('follows only relative imports that resolve to sources', () => {
      const graph = importGraph(sourceFiles(dir), dir);
      expect(graph.get('clean/one.ts')).to.deep.equal(['clean/two.ts']);
      expect(graph.get('c.ts')).to.deep.equal(['a.ts']);
    });
  });
});
