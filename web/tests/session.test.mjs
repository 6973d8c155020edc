// Session expiry: a service whose sessions end after 2 s without a request. Once the API says
// the session is over, the next page the person opens is the sign-in page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, request } from './lib/stack.mjs';
import { launch, checkPage } from './lib/browser.mjs';
import { sessionOf, setPasswordFromLink } from './lib/ui.mjs';

const IDLE_SECONDS = 2;
let stack;
let browser;
let page;

before(async () => {
  stack = await startStack({ name: 'session', service: { session_idle_timeout: `${IDLE_SECONDS}s` } });
  browser = await launch();
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('an idle session ends, and the next request lands on the sign-in page', async () => {
  await setPasswordFromLink(page, stack.owner.link);
  const { cookie, status } = await sessionOf(browser.context, stack.url);
  assert.equal(status, 200);
  // The Connections page polls, which keeps a session alive: leave it for a blank page.
  await page.goto('about:blank');
  // Wait out the idle time, then let the API say whether the session is over. A check made
  // while it is still alive renews it, so each further try waits the whole idle time again.
  let answer;
  for (let attempt = 0; attempt < 5; ++attempt) {
    await new Promise((resolve) => setTimeout(resolve, (IDLE_SECONDS + 0.5 + attempt) * 1000));
    answer = await request(stack.url, '/api/v1/auth/session', { headers: { Cookie: cookie } });
    if (answer.status === 401) break;
  }
  assert.equal(answer.status, 401, 'the API ends the idle session');
  assert.equal(answer.json.error.code, 'unauthenticated');
  await page.goto(`${stack.url}/connections`);
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await checkPage(page, 'sign-in-expired');
});
