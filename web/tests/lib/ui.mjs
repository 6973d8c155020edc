// Steps through the UI that several scenarios share, selecting only by role, label and text
// (the accessible names of the issue 11 contract), plus bounded waits on conditions.
import assert from 'node:assert/strict';
import { request } from './stack.mjs';

export const PASSWORD = 'correct horse battery staple';

/** Polls `probe` until it returns a truthy value (returned), failing after `ms` with `what`. */
export async function waitUntil(probe, what, ms = 30_000, pace = 100) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, pace)); // the poll's pace, not a synchronisation
  }
}

/** Opens a one-time link and sets the password there; ends on the Connections page. */
export async function setPasswordFromLink(page, link, password = PASSWORD) {
  await page.goto(link);
  await page.getByRole('heading', { name: 'Set your password' }).waitFor();
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForURL((url) => url.pathname === '/connections');
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
}

/** Signs in on /sign-in and waits for the Connections page. */
export async function signIn(page, base, email, password = PASSWORD) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/connections');
}

/** The card (article) of a connection, by its label. */
export function card(page, label) {
  return page.getByRole('article', { name: label, exact: true });
}

/** The status a card shows now, from its data-status element ("pending", "in progress", ...). */
export async function statusOf(cardLocator) {
  const status = cardLocator.locator('[data-status]').first();
  if (!(await status.count())) return null;
  return (await status.getAttribute('data-status'))?.replace(/_/g, ' ') ?? null;
}

/** Waits until the card shows `status` (as text and in data-status), without reloading the page. */
export async function waitForStatus(cardLocator, status, ms = 60_000) {
  let last = null;
  await waitUntil(async () => (last = await statusOf(cardLocator)) === status, `status "${status}"`, ms).catch((error) => {
    throw new Error(`${error.message}; the card shows "${last}"`);
  });
  // textContent, not innerText: a card outside the viewport is not rendered (content-visibility:
  // auto), and innerText of unrendered content can read as empty.
  const shown = await cardLocator.locator('[data-status]').first().textContent();
  assert.match(shown.toLowerCase(), new RegExp(status), `the status is shown as text too: ${shown}`);
}

/** The browser's session cookie and CSRF token, as the UI itself gets them. */
export async function sessionOf(context, base) {
  const cookies = await context.cookies(base);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const session = await request(base, '/api/v1/auth/session', { headers: { Cookie: cookie } });
  return { cookie, status: session.status, csrf: session.json?.csrf_token, session: session.json };
}

/**
 * Fails when part of the element is hidden behind or clipped by something else: the element
 * at each corner of its box (just inside) must be the element or inside it.
 */
export async function assertFullyShown(locator, what) {
  await locator.scrollIntoViewIfNeeded();
  const hidden = await locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const corners = [
      [box.left + 2, box.top + 2],
      [box.right - 2, box.top + 2],
      [box.left + 2, box.bottom - 2],
      [box.right - 2, box.bottom - 2],
    ];
    return corners
      .filter(([x, y]) => {
        const found = document.elementFromPoint(x, y);
        return !found || !(found === element || element.contains(found));
      })
      .map(([x, y]) => `(${Math.round(x)},${Math.round(y)}): ${document.elementFromPoint(x, y)?.outerHTML.slice(0, 80) ?? 'nothing'}`);
  });
  assert.deepEqual(hidden, [], `${what} is not fully shown; at these corners something else is on top`);
}
