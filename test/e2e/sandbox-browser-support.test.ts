/**
 * The remote-support path in a real browser, against `gatehouse serve` on its embedded defaults:
 * `/need-support` as the end user, claim and scope as a technician, consent as the end user, end
 * and document as the technician, then the closure summary and the audit trail. Skips (saying why)
 * when no Chromium is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findChromium, openSandbox, sandboxPage, screenshot, type SandboxSession } from '../support/sandbox-browser.js';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn('sandbox browser tests skipped: no Chromium found (install Debian\'s chromium, or set CHROMIUM_PATH)');

const END_USER = 'alice@example.com';
const TECHNICIAN = 'heidi@example.com';

describe.skipIf(!chromiumPath)('sandbox in the browser: remote support', () => {
  let sandbox: SandboxSession;
  let page: Page;

  beforeAll(async () => {
    sandbox = await openSandbox(chromiumPath!);
    page = sandbox.page;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('goes from /need-support through claim, scope and consent to a documented closure', async () => {
    const s = sandboxPage(page);
    await s.become(END_USER);
    await s.open('Gatehouse');
    await s.command('/need-support');
    await s.waitForModal('Get support');
    await s.field('description').locator('textarea, input').fill('My VPN drops every few minutes');
    await s.field('device').locator('input').fill('LAPTOP-1234');
    await s.submitModal();
    await s.waitForModalClosed();
    await s.waitForMessage('Support request received');

    // A technician claims it from the support channel and records the scope.
    await s.become(TECHNICIAN);
    await s.open('#support');
    await s.click(/Support request.*alice@example\.com/, 'Claim');
    await s.waitForMessage(/Claimed: support for alice@example\.com/);
    // The next step (the scope form) arrives in the DM: the sidebar has to say so, as Slack's would.
    const dm = page.locator('.sidebar [data-conversation]', { hasText: /^Gatehouse$/ });
    await page.locator('.sidebar .conv[data-unread]', { hasText: /^Gatehouse$/ }).waitFor();
    await s.open('Gatehouse');
    expect(await dm.getAttribute('data-unread')).toBeNull();
    await s.click('You claimed: support for', 'Define scope');
    await s.waitForModal('Session scope');
    expect(await s.field('device').locator('input').inputValue()).toBe('LAPTOP-1234');
    await s.field('interaction').locator('input[value="view"]').check();
    await screenshot(page, 'support-1-scope');
    await s.submitModal();
    await s.waitForModalClosed();

    // The end user consents.
    await s.become(END_USER);
    await s.open('Gatehouse');
    await s.waitForMessage('Allow heidi@example.com to connect to your device?');
    await screenshot(page, 'support-2-consent');
    await s.click('Allow heidi@example.com to connect to your device?', 'Allow');
    await s.waitForMessage('heidi@example.com is connected to your device');

    // The technician ends the session (confirming first) and documents it.
    await s.become(TECHNICIAN);
    await s.open('Gatehouse');
    await s.click('Session live: alice@example.com', 'End session');
    await s.confirm();
    await s.click('Session ended: alice@example.com', 'Document session');
    await s.waitForModal('Document session');
    await s.field('actions_taken').locator('textarea, input').fill('Reinstalled the VPN profile');
    await s.field('outcome').locator('textarea, input').fill('VPN connects again; user confirmed');
    await s.submitModal();
    await s.waitForModalClosed();
    await s.waitForMessage('Support session closed: alice@example.com');

    // The end user gets the closure summary too.
    await s.become(END_USER);
    await s.open('Gatehouse');
    const closure = await s.waitForMessage('Support session closed: alice@example.com');
    expect(await closure.textContent()).toContain('Reinstalled the VPN profile');
    await screenshot(page, 'support-3-closure');

    await page.getByRole('tab', { name: 'Audit trail' }).click();
    for (const type of ['support.requested', 'support.claimed', 'support.consented', 'support.ended', 'support.documented']) {
      await page.locator(`#audit-records .record[data-type="${type}"]`).first().waitFor();
    }
    await page.locator('#audit-verdict.ok').waitFor();
    await page.getByRole('tab', { name: 'Provider calls' }).click();
    await page.locator('#provider-calls .provider-call[data-event="revoke"]', { hasText: 'support' }).first().waitFor();
    await screenshot(page, 'support-4-provider');
  });
});
