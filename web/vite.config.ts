import { defineConfig } from 'vite';

// Source maps only when asked (HSD_WEB_SOURCEMAPS=1): the served build should not hand out the
// sources by default. The module-preload polyfill is off because the page has a single entry
// and the Content-Security-Policy allows no inline script anyway.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    sourcemap: process.env.HSD_WEB_SOURCEMAPS === '1',
    modulePreload: { polyfill: false },
    target: 'es2020',
    assetsInlineLimit: 0,
    // Monaco's chunk (about 2.5 MB, 0.65 MB gzipped) is loaded only when an editor is shown;
    // the warning is for chunks every page pays for.
    chunkSizeWarningLimit: 3000,
  },
  server: {
    // `npm run dev` talks to a local `hsdeploy serve` (HSD_WEB_API to point elsewhere), whose
    // public_url must be this origin for its CSRF check (README, "The web UI").
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: process.env.HSD_WEB_API ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
