// Steps of the Members and Audit log pages (people.test.mjs), by role, label and text only.
import assert from 'node:assert/strict';

/** The row of the members table for that e-mail. */
export function memberRow(page, email) {
  return page.getByRole('row', { name: new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
}

/** Opens the Members page through the navigation. */
export async function openMembers(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
  await page.waitForURL((url) => url.pathname === '/members');
  await page.getByRole('table', { name: 'Members of the workspace' }).waitFor();
}

/**
 * Adds a member through the form; answers the one-time link the page shows (a person new to the
 * service has no password yet), read from its read-only field, after closing its dialog.
 */
export async function addMemberThroughUi(page, email, role) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
  const added = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/members'));
  await page.getByRole('button', { name: 'Add member' }).click();
  assert.equal((await added).status(), 201);
  const dialog = page.getByRole('dialog', { name: `One-time link for ${email}` });
  await dialog.waitFor();
  const link = await dialog.getByLabel('Password link').inputValue();
  assert.match(link, /\/set-password#token=/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  await memberRow(page, email).waitFor();
  return link;
}

/** The role the members table shows for that e-mail ("Owner", "Admin" or "Member"). */
export async function shownRole(page, email) {
  const text = await memberRow(page, email).getByRole('cell').nth(1).textContent();
  return text.replace(/·.*$/, '').trim();
}

/** The audit log's rows as the page shows them: [{id, when, who, action, target, details}]. */
export async function auditRows(page) {
  await page.getByRole('table', { name: 'Audit log entries, newest first' }).waitFor();
  return page.locator('tr[data-audit-id]').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = Array.from(row.querySelectorAll('td')).map((td) => td.textContent.trim());
      return { id: Number(row.getAttribute('data-audit-id')), when: cells[0], who: cells[1], action: cells[2], target: cells[3], details: cells[4] };
    }),
  );
}
