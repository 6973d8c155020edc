// Measures the Metadata Explorer as a person gets it: the extra JavaScript it loads beyond the
// Connections page (gzipped), and the time from navigation to a Monaco editor showing a 1 MB
// object, formatted and as sent, in headless Chromium against the real `hsdeploy serve`.
// The object is a HubSpot contact property with many options: the fake HubSpot's
// --max-enum-options makes its largest enumerations that big.
//
//   bench/web/run explorer [--options 12000] [--runs 5]
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { startStack } from '../../web/tests/lib/stack.mjs';
import { launch } from '../../web/tests/lib/browser.mjs';
import { setPasswordFromLink, waitUntil } from '../../web/tests/lib/ui.mjs';

const { values } = parseArgs({
  options: { options: { type: 'string', default: '12000' }, runs: { type: 'string', default: '5' } },
});
const runs = Number(values.runs);
const OPEN_TARGET_MS = 1000;
const TYPE = 'contact_properties';

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

const stack = await startStack({ name: 'bench-explorer', service: { workers: 2 }, hubspotArgs: ['--max-enum-options', values.options] });
const browser = await launch();
try {
  // A portal connected with a private app token, retrieved through the real plugin.
  const token = 'pat-na1-bench-explorer';
  await stack.hubspot('/__fake/private-app-tokens', { token });
  const portal = await stack.api(`/api/v1/workspaces/${stack.owner.workspaceId}/connections`, {
    method: 'POST',
    body: { plugin: 'hubspot', private_app_token: token, label: 'Bench portal' },
  });
  await waitUntil(async () => (await stack.api(`/api/v1/connections/${portal.id}`)).status === 'completed', 'the retrieval', 300_000, 250);

  // The largest contact property, by its bytes as sent.
  const raw = (id) => `/api/v1/connections/${portal.id}/metadata/${TYPE}/${encodeURIComponent(id)}/raw`;
  let biggest = null;
  for (let cursor; ; ) {
    const page = await stack.api(`/api/v1/connections/${portal.id}/metadata?type=${TYPE}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const item of page.items) {
      const answer = await fetch(stack.url + raw(item.id), { headers: { Authorization: `Bearer ${stack.owner.token}` } });
      const size = (await answer.arrayBuffer()).byteLength;
      if (!biggest || size > biggest.size) biggest = { ...item, size };
    }
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  console.log(`object: ${TYPE}/${biggest.id} (${biggest.name}), ${(biggest.size / 1024 / 1024).toFixed(2)} MB as sent`);
  if (biggest.size < 1024 * 1024) console.log('  (under 1 MB: raise --options)');

  const page = await browser.context.newPage();
  await setPasswordFromLink(page, stack.owner.link);
  const inspector = `${stack.url}/connections/${portal.id}/metadata/${TYPE}/${encodeURIComponent(biggest.id)}`;

  // The explorer's extra JavaScript: every script a fresh load of the inspector fetches that the
  // Connections page does not, gzipped at level 9. (Monaco's editor worker is fetched only when
  // the editor asks for it; a read-only viewer of JSON does not, so it is not counted.)
  const scripts = new Map();
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) scripts.set(new URL(response.url()).pathname, response);
  });
  const session = await browser.context.newCDPSession(page);
  await session.send('Network.clearBrowserCache');
  await page.goto(`${stack.url}/connections`);
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
  const base = new Set(scripts.keys());
  await page.goto(inspector);
  await page.locator('.json-editor .view-lines .view-line').first().waitFor({ timeout: 60_000 });
  let extraRaw = 0;
  let extraGz = 0;
  for (const [path, response] of scripts) {
    if (base.has(path)) continue;
    const body = await response.body();
    const zipped = gzipSync(body, { level: 9 }).length;
    extraRaw += body.length;
    extraGz += zipped;
    console.log(`  script ${path}: ${(body.length / 1024).toFixed(1)} KB, ${(zipped / 1024).toFixed(1)} KB gzipped`);
  }
  for (const path of base) console.log(`  (Connections page) ${path}`);
  console.log(`extra JavaScript of the explorer: ${(extraRaw / 1024).toFixed(1)} KB, ${(extraGz / 1024).toFixed(1)} KB gzipped`);

  // Navigation to an editor showing the object: performance.now() counts from the navigation's
  // start, read on the first animation frame where Monaco has drawn lines of a model holding the
  // whole object (formatted: at least its bytes, starting with "{" on a line of its own).
  // The first run starts with an empty cache (the explorer's and Monaco's chunks fetched too),
  // the others with the chunks cached as the service lets browsers keep them (immutable).
  const open = async (view) => {
    const times = [];
    for (let i = 0; i <= runs; ++i) {
      if (i === 0) await session.send('Network.clearBrowserCache');
      await page.goto(view === 'sent' ? `${inspector}?view=sent` : inspector, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        ({ size, view }) => {
          const host = document.querySelector('.json-editor');
          const model = host?.editor?.getModel();
          if (!model || model.getValueLength() < size * (view === 'sent' ? 0.5 : 1)) return false;
          const first = host.querySelector('.view-lines .view-line');
          if (!first) return false;
          if (view === 'formatted' ? model.getLineContent(1) !== '{' : model.getLineCount() !== 1) return false;
          return performance.now();
        },
        { size: biggest.size, view },
        { polling: 'raf', timeout: 60_000 },
      );
      times.push(Math.round(await handle.jsonValue()));
    }
    const cold = times.shift();
    const ms = median(times);
    console.log(`navigation to Monaco showing the object ${view === 'sent' ? 'as sent' : 'formatted'}: median ${ms} ms of ${runs} ` +
      `(${times.join(', ')} ms; target < ${OPEN_TARGET_MS} ms): ${ms < OPEN_TARGET_MS ? 'met' : 'MISSED'}; ` +
      `with an empty cache ${cold} ms`);
  };
  await open('formatted');
  await open('sent');
} finally {
  await browser.close();
  await stack.stop();
}
