// CSRF between two ports of one host, where SameSite does not help: a page served from another
// 127.0.0.1 port auto-submits text/plain forms whose bodies are JSON to endpoints that take
// POST, with the victim signed in in the same browser. The service must refuse them and
// change nothing, as the API then shows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startStack } from './lib/stack.mjs';
import { launch } from './lib/browser.mjs';
import { setPasswordFromLink, waitUntil } from './lib/ui.mjs';

let stack;
let browser;
let page;
let evil;
let evilUrl;
let portal;

// A form whose text/plain body is `name=value`: the name carries the JSON up to a last string
// field, and the value closes it, so the body parses as JSON.
function attackPage(action, json) {
  const text = JSON.stringify({ ...json, pad: '' });
  const name = text.slice(0, -2); // without the closing `"}`
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
  return `<!doctype html><html lang="en"><head><title>Win a prize</title></head><body>
<form method="post" enctype="text/plain" action="${action}"><input type="hidden" name='${escape(name)}' value='"}'></form>
<script>document.forms[0].submit()</script></body></html>`;
}

before(async () => {
  stack = await startStack({ name: 'csrf' });
  await stack.hubspot('/__fake/private-app-tokens', { token: 'pat-na1-webtest-victim' });
  portal = await stack.api(`/api/v1/workspaces/${stack.owner.workspaceId}/connections`, {
    method: 'POST',
    body: { plugin: 'hubspot', private_app_token: 'pat-na1-webtest-victim', label: 'Victim portal' },
  });
  await waitUntil(async () => (await stack.api(`/api/v1/connections/${portal.id}`)).status === 'completed', 'the first retrieval');

  const pages = {
    '/create': () => attackPage(`${stack.url}/api/v1/workspaces/${stack.owner.workspaceId}/connections`,
      { plugin: 'hubspot', private_app_token: 'pat-na1-webtest-victim', label: 'Planted by the attacker' }),
    '/retrieve': () => attackPage(`${stack.url}/api/v1/connections/${portal.id}/retrieve`, {}),
  };
  evil = createServer((req, res) => {
    const make = pages[req.url];
    res.writeHead(make ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(make ? make() : 'not here');
  });
  await new Promise((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://127.0.0.1:${evil.address().port}`;

  browser = await launch();
  page = await browser.context.newPage();
  await setPasswordFromLink(page, stack.owner.link);
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (evil ? evil.close(resolve) : resolve()));
  await stack?.stop();
});

async function attack(path, target) {
  const answered = page.waitForResponse((r) => r.url() === target && r.request().method() === 'POST');
  await page.goto(evilUrl + path);
  const answer = await answered;
  const headers = await answer.request().allHeaders();
  assert.match(headers.cookie ?? '', /hsd_session=/, 'the browser sent the session cookie: SameSite did not stop it');
  assert.equal(headers.origin, evilUrl);
  return answer;
}

test('a cross-port form creating a connection is refused and creates nothing', async () => {
  const before = await stack.api(`/api/v1/workspaces/${stack.owner.workspaceId}/connections`);
  const answer = await attack('/create', `${stack.url}/api/v1/workspaces/${stack.owner.workspaceId}/connections`);
  assert.equal(answer.status(), 403);
  const body = await answer.json();
  assert.equal(body.error.code, 'permission_denied');
  assert.equal(body.error.details.reason, 'csrf');
  const afterwards = await stack.api(`/api/v1/workspaces/${stack.owner.workspaceId}/connections`);
  assert.deepEqual(afterwards.map((c) => c.id), before.map((c) => c.id));
  assert.ok(!afterwards.some((c) => c.label === 'Planted by the attacker'));
});

test('a cross-port form starting a retrieval is refused and queues no job', async () => {
  const jobs = async () => (await stack.api(`/api/v1/jobs?connection=${portal.id}`)).length;
  const before = await jobs();
  const answer = await attack('/retrieve', `${stack.url}/api/v1/connections/${portal.id}/retrieve`);
  assert.equal(answer.status(), 403);
  assert.equal((await answer.json()).error.details.reason, 'csrf');
  assert.equal(await jobs(), before);
  assert.equal((await stack.api(`/api/v1/connections/${portal.id}`)).status, 'completed');
});
