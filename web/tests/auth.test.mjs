// Sign-in through the browser: the bootstrap link, the link used twice, sign-out, and wrong
// passwords slowed to a 429 the page shows. Screenshots and axe-core of the sign-in pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, request } from './lib/stack.mjs';
import { launch, checkPage } from './lib/browser.mjs';
import { PASSWORD, setPasswordFromLink, signIn, sessionOf, waitUntil } from './lib/ui.mjs';

let stack;
let browser;
let page;

before(async () => {
  stack = await startStack({ name: 'auth' });
  browser = await launch();
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('signed out, the UI sends a visitor to the sign-in page', async () => {
  await page.goto(`${stack.url}/connections`);
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await checkPage(page, 'sign-in');
});

test('the bootstrap link sets the password and lands on the Connections page', async () => {
  await page.goto(stack.owner.link);
  await page.getByRole('heading', { name: 'Set your password' }).waitFor();
  await checkPage(page, 'set-password');
  await setPasswordFromLink(page, stack.owner.link);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).waitFor();
  await page.getByText(stack.owner.email).first().waitFor();
  await page.getByRole('region', { name: 'Portals' }).waitFor();
  await page.getByRole('region', { name: 'Git' }).waitFor();
  await checkPage(page, 'connections-empty');
  const { status, session } = await sessionOf(browser.context, stack.url);
  assert.equal(status, 200);
  assert.equal(session.user.email, stack.owner.email);
});

test('the one-time link used a second time says it was used', async () => {
  await page.goto(stack.owner.link);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /this link has already been used/);
  await checkPage(page, 'set-password-used');
});

test('signing out ends the session: the back button and the API show it', async () => {
  await page.goto(`${stack.url}/connections`);
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
  const { cookie } = await sessionOf(browser.context, stack.url);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // The old cookie, replayed, no longer authenticates: the server ended the session.
  const replayed = await request(stack.url, '/api/v1/auth/session', { headers: { Cookie: cookie } });
  assert.equal(replayed.status, 401);
  assert.equal((await sessionOf(browser.context, stack.url)).status, 401);
  // And the right password signs in again.
  await signIn(page, stack.url, stack.owner.email, PASSWORD);
});

test('wrong passwords are refused alike, then slowed with a 429 the page shows', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  const attempt = async (email, password) => {
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel(/^Password/).fill(password);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    return answered;
  };
  const unknown = await attempt('nobody@acme.test', 'not the password');
  assert.equal(unknown.status(), 401);
  await page.getByRole('alert').getByText('wrong e-mail or password').waitFor();
  assert.equal(await page.getByLabel('E-mail').inputValue(), 'nobody@acme.test', 'what was typed is kept');

  let throttled = null;
  let throttledAt = 0;
  for (let i = 0; i < 30 && !throttled; ++i) {
    const answer = await attempt(stack.owner.email, `wrong password ${i}`);
    if (answer.status() === 429) {
      throttled = answer;
      throttledAt = Date.now();
    }
    else assert.equal(answer.status(), 401, `attempt ${i}`);
  }
  assert.ok(throttled, 'repeated failures end in a 429');
  const retryAfter = Number(await throttled.headerValue('retry-after'));
  assert.ok(retryAfter >= 1, `Retry-After is a number of seconds: ${retryAfter}`);
  assert.equal((await throttled.json()).error.details.retry_after, retryAfter);
  const alert = page.getByRole('alert');
  await waitUntil(async () => /\d/.test(await alert.innerText()), 'the page showing when to try again');
  await checkPage(page, 'sign-in-throttled');
  // Even the right password waits its turn while throttled: it is let in only once Retry-After
  // has passed (on a loaded machine the checks above may take that long).
  const right = await attempt(stack.owner.email, PASSWORD);
  const waited = Date.now() - throttledAt;
  if (right.status() !== 429) {
    assert.equal(right.status(), 200);
    assert.ok(waited >= retryAfter * 1000 - 1000, `signed in ${waited} ms after a ${retryAfter} s Retry-After`);
  }
});
