// The UI's unit tests: each unit/*.test.ts is bundled by esbuild (the same TypeScript and JSX
// settings as the app, no type-check: `npm run build` does that) into a temporary folder and run
// with node's test runner. `npm test`; CTest runs it as web.unit.
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'hsd-web-unit-'));
try {
  const tests = readdirSync(here).filter((name) => name.endsWith('.test.ts') || name.endsWith('.test.tsx'));
  await build({
    entryPoints: tests.map((name) => join(here, name)),
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  const files = readdirSync(out).filter((name) => name.endsWith('.mjs')).map((name) => join(out, name));
  const result = spawnSync(process.execPath, ['--test', ...files], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
