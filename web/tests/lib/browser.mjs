// Debian's Chromium driven by playwright-core: one browser per test file, a fresh profile,
// no network beyond this machine. Screenshots go to ${HSD_BUILD_DIR}/web-screenshots/ and every
// page shown is checked with axe-core for serious and critical violations.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildDir } from './stack.mjs';

export const CHROMIUM = process.env.HSD_CHROMIUM ?? '/usr/bin/chromium';
export const screenshotDir = join(buildDir, 'web-screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Launches headless Chromium with a profile of its own; close() removes the profile. A second
 * person (a member beside the owner) gets a browser of their own, hence their own cookies.
 */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'hsd-web-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: DESKTOP,
    args: [
      '--no-sandbox', // CI runs as root, where Chromium's sandbox cannot start
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const browser = {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return browser;
}

/**
 * Waits for the page's running transitions and finite animations (a tooltip fading in) to end;
 * endless ones (a pulsing status dot) are left running.
 */
export async function settled(page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime))
        .map((a) => a.finished.catch(() => null)),
    ),
  );
}

/** Saves the page at both sizes as NAME-desktop.png and NAME-phone.png, then restores the size. */
export async function screenshots(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const before = page.viewportSize();
  for (const [suffix, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(size);
    await settled(page);
    await page.screenshot({ path: join(screenshotDir, `${name}-${suffix}.png`), fullPage: true });
  }
  await page.setViewportSize(before ?? DESKTOP);
}

/**
 * Runs axe-core on the page as it is now and returns the serious and critical violations. The
 * page's CSP forbids inline and foreign scripts, so axe's source is evaluated through the
 * DevTools protocol (page.evaluate), which CSP does not govern.
 */
export async function axeViolations(page) {
  await settled(page);
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) {
    const { readFileSync } = await import('node:fs');
    await page.evaluate(readFileSync(axeSource, 'utf8'));
  }
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with the list of serious and critical axe-core violations of the page, if any. */
export async function assertAccessible(page, what) {
  const violations = await axeViolations(page);
  if (violations.length) {
    throw new Error(`axe-core: ${violations.length} serious or critical violation(s) on ${what}:\n${JSON.stringify(violations, null, 2)}`);
  }
}

/** Both checks every page gets: screenshots at both sizes, then axe-core. */
export async function checkPage(page, name) {
  await screenshots(page, name);
  await assertAccessible(page, name);
}
