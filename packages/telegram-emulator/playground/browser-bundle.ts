import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Where the TypeScript source of the page's renderer lives; the page gets it built, never a hand-written copy. */
export const RENDER_ENTITIES_SOURCE = fileURLToPath(new URL('./render-entities.ts', import.meta.url));

/**
 * Builds `render-entities.ts` (with what it imports from the emulator) into one browser ES module, in memory, for
 * the page to import as `assets/render-entities.js`.
 */
export function buildRenderEntitiesBundle(): string {
  const result = buildSync({
    entryPoints: [RENDER_ENTITIES_SOURCE],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output for render-entities.ts');
  return `// Built at start from playground/render-entities.ts by esbuild; do not edit.\n${output.text}`;
}
