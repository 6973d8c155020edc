// Measures the Connections page as a person gets it: the JavaScript it loads (gzipped, the way
// it crosses the network) and the time from navigation to a page showing all of 500 connections,
// in headless Chromium against the real `hsdeploy serve`. It reuses the browser tests' harness
// (web/tests/lib): the fakes, a fresh database, the first owner and their one-time link.
//
//   bench/web/run [--connections 500] [--runs 5]
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { startStack } from '../../web/tests/lib/stack.mjs';
import { launch } from '../../web/tests/lib/browser.mjs';
import { setPasswordFromLink } from '../../web/tests/lib/ui.mjs';

const { values } = parseArgs({
  options: { connections: { type: 'string', default: '500' }, runs: { type: 'string', default: '5' } },
});
const count = Number(values.connections);
const runs = Number(values.runs);
const JS_TARGET_KB = 200;
const RENDER_TARGET_MS = 1000;

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/** Runs `task` over `items` with at most `limit` at once. */
async function pool(items, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

const stack = await startStack({ name: 'bench', service: { workers: 4 } });
const browser = await launch();
try {
  // The connections: echo_source needs no network, and each `echo-<name>` token is its own account.
  const made = Date.now();
  const names = Array.from({ length: count }, (_, i) => `bench-${String(i + 1).padStart(4, '0')}`);
  await pool(names, 8, (name) =>
    stack.api(`/api/v1/workspaces/${stack.owner.workspaceId}/connections`, {
      method: 'POST',
      body: { plugin: 'echo_source', token: `echo-${name}`, label: `Portal ${name}` },
    }),
  );
  console.log(`made ${count} connections through the API in ${Date.now() - made} ms`);

  const page = await browser.context.newPage();
  await setPasswordFromLink(page, stack.owner.link);

  // What the page loads: every script response of a fresh navigation, gzipped at level 9.
  const scripts = new Map();
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') scripts.set(response.url(), response);
  });
  const session = await browser.context.newCDPSession(page);
  await session.send('Network.clearBrowserCache');
  await page.goto(`${stack.url}/connections`);
  await page.waitForFunction((n) => document.querySelectorAll('article').length >= n, count, { timeout: 30_000 });
  let raw = 0;
  let gzipped = 0;
  for (const [url, response] of scripts) {
    const body = await response.body();
    const zipped = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzipped += zipped;
    console.log(`  script ${new URL(url).pathname}: ${(body.length / 1024).toFixed(1)} KB, ${(zipped / 1024).toFixed(1)} KB gzipped`);
  }
  const jsKb = gzipped / 1024;
  console.log(`JavaScript of the Connections page: ${scripts.size} file(s), ${(raw / 1024).toFixed(1)} KB, ` +
    `${jsKb.toFixed(1)} KB gzipped (target < ${JS_TARGET_KB} KB): ${jsKb < JS_TARGET_KB ? 'met' : 'MISSED'}`);

  // Navigation to a page showing every card: performance.now() in the page counts from the
  // navigation's start, and is read on the first frame where all the cards are there.
  const times = [];
  for (let i = 0; i < runs; ++i) {
    await page.goto(`${stack.url}/connections`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      (n) => document.querySelectorAll('article').length >= n && performance.now(),
      count,
      { polling: 'raf', timeout: 30_000 },
    );
    times.push(Math.round(await handle.jsonValue()));
  }
  const ms = median(times);
  console.log(`navigation to a rendered Connections page with ${count} connections: median ${ms} ms of ${runs} ` +
    `(${times.join(', ')} ms; target < ${RENDER_TARGET_MS} ms): ${ms < RENDER_TARGET_MS ? 'met' : 'MISSED'}`);
} finally {
  await browser.close();
  await stack.stop();
}
