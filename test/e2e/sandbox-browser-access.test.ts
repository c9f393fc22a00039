/**
 * The sandbox in a real browser, against `gatehouse serve` on its embedded defaults: request access
 * through the form as one person, approve as another, see the grant active, end it, read the
 * closure summary, the audit trail and the provider calls; a form error lands under its field; and
 * hostile text in a justification stays text. Skips (saying why) when no Chromium is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findChromium, openSandbox, sandboxPage, screenshot, type SandboxSession } from '../support/sandbox-browser.js';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn('sandbox browser tests skipped: no Chromium found (install Debian\'s chromium, or set CHROMIUM_PATH)');

/** `/request-access`, then the form filled in for prod-db for 3h with this justification. */
async function fillRequestForm(s: ReturnType<typeof sandboxPage>, justification: string): Promise<void> {
  await s.command('/request-access');
  await s.waitForModal('Request access');
  await s.field('resource').locator('select').selectOption('prod-db');
  await s.field('duration').locator('input').fill('3h');
  await s.field('justification').locator('textarea, input').fill(justification);
}

describe.skipIf(!chromiumPath)('sandbox in the browser: access', () => {
  let sandbox: SandboxSession;
  let page: Page;

  beforeAll(async () => {
    sandbox = await openSandbox(chromiumPath!);
    page = sandbox.page;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('shows a form error under its field and creates nothing', async () => {
    const s = sandboxPage(page);
    await s.become('alice@example.com');
    await s.open('Gatehouse');
    await fillRequestForm(s, 'too short');
    await s.submitModal();
    const error = s.field('justification').locator('.bk-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/at least 10 characters/i);
    // What was typed is still there, so the person only fixes the field.
    expect(await s.field('justification').locator('textarea, input').inputValue()).toBe('too short');
    await screenshot(page, 'access-1-form-error');
    await s.modal().getByRole('button', { name: 'Cancel' }).click();
    await s.waitForModalClosed();
    // Nothing was created: the trail holds the audited refusal and no request.
    await page.getByRole('tab', { name: 'Audit trail' }).click();
    await page.locator('#audit-records .record[data-type="refused"]').first().waitFor();
    expect(await page.locator('#audit-records .record[data-type="access.requested"]').count()).toBe(0);
  });

  it('requests as one person, approves as another, ends the grant and shows the closure and the audit trail', async () => {
    const s = sandboxPage(page);
    const hostile = 'INC-4211 slow queries <img src=x onerror=alert(1)> <!channel> <https://evil.example|bank> *bold*';
    await s.become('alice@example.com');
    await s.open('Gatehouse');
    await fillRequestForm(s, hostile);
    await s.submitModal();
    await s.waitForModalClosed();
    await s.waitForMessage('Request sent: Production database');

    // Dave approves from his DM.
    await s.become('dave@example.com');
    await s.open('Gatehouse');
    const card = await s.waitForMessage('Access request: Production database');
    // The justification is shown as the text that was typed: no image, no broadcast, no disguised link.
    expect(await card.locator('img').count()).toBe(0);
    expect(await card.locator('a').count()).toBe(0);
    expect(await card.locator('.bk-broadcast').count()).toBe(0);
    expect(await card.textContent()).toContain('<img src=x onerror=alert(1)> <!channel> <https://evil.example|bank>');
    await screenshot(page, 'access-2-approval-card');
    await s.click('Access request: Production database', 'Approve');
    // Every copy of the card is edited in place to show the outcome.
    await s.waitForMessage(/Approved: Production database.*dave@example\.com/s);
    expect(await s.message('Access request: Production database').count()).toBe(0);
    await s.open('#approvals');
    await s.waitForMessage('Approved: Production database');

    // Alice sees the grant active and ends it (a confirm dialog first).
    await s.become('alice@example.com');
    await s.open('Gatehouse');
    await s.waitForMessage('Access active: Production database');
    await screenshot(page, 'access-3-active');
    await s.click('Access active: Production database', 'End now');
    await page.locator('.confirm').waitFor();
    await s.confirm();
    // The holder's active card becomes a short "Access ended" first; the closure summary (which
    // names the approver) is a new message posted after it, so wait for that one.
    const closure = await s.waitForMessage(/Access ended: Production database.*dave@example\.com/s);
    expect(await closure.textContent()).toMatch(/Access ended: Production database/);
    await screenshot(page, 'access-4-closure');

    // The audit panel shows the records and a verified chain.
    await page.getByRole('tab', { name: 'Audit trail' }).click();
    for (const type of ['access.requested', 'access.approved', 'access.ended', 'access.revoked']) {
      await page.locator(`#audit-records .record[data-type="${type}"]`).first().waitFor();
    }
    await page.locator('#audit-verdict.ok', { hasText: 'Chain verified' }).waitFor();
    await screenshot(page, 'access-5-audit');

    // The built-in provider receiver got the grant and its revocation.
    await page.getByRole('tab', { name: 'Provider calls' }).click();
    await page.locator('#provider-calls .provider-call[data-event="grant"]').first().waitFor();
    await page.locator('#provider-calls .provider-call[data-event="revoke"]').first().waitFor();
    await screenshot(page, 'access-6-provider');
    expect(sandbox.dialogs).toEqual([]);
  });

  it('shows the App Home, whose buttons act from the home view', async () => {
    const s = sandboxPage(page);
    await s.become('alice@example.com');
    await s.open('Home');
    const home = page.locator('#messages .home');
    await home.getByRole('button', { name: 'Request access' }).click();
    await s.waitForModal('Request access');
    await s.field('resource').locator('select').waitFor();
    await screenshot(page, 'access-7-home-form');
    await s.modal().getByRole('button', { name: 'Cancel' }).click();
    await s.waitForModalClosed();
  });

  it('names each person\'s groups in the picker, so nobody has to read the policy to know who approves', async () => {
    const options = await page.locator('#me option').allTextContents();
    expect(options).toContain('Dave · dave@example.com · db-owners');
    expect(options).toContain('Heidi · heidi@example.com · it-support');
    expect(options).toContain('Oscar · oscar@example.com');
  });

  it('keeps the dry-run form inside its panel with the longest person and resource chosen', async () => {
    await page.getByRole('tab', { name: 'Policy dry-run' }).click();
    await page.selectOption('#explain-person', 'mallory@contractor.example.net');
    await page.selectOption('#explain-resource', 'aws-admin');
    const panel = (await page.locator('#panel-explain').boundingBox())!;
    for (const field of ['#explain-person', '#explain-resource', '#explain-duration']) {
      const box = (await page.locator(field).boundingBox())!;
      expect(box.x + box.width, field).toBeLessThanOrEqual(panel.x + panel.width);
    }
  });

  it.each([
    ['alice@example.com', 'prod-db', '3h', 'Needs 1 approval from: dave@example.com, erin@example.com (for 3h).'],
    ['alice@example.com', 'prod-db', '', 'Auto-approved: alice@example.com would get prod-db for 1h without waiting.'],
    ['oscar@example.com', 'prod-db', '1h', /^Refused: .+ \(\w+\)$/],
  ])('dry-runs the policy: %s asks for %s for %s', async (email, resource, duration, expected) => {
    await page.getByRole('tab', { name: 'Policy dry-run' }).click();
    await page.selectOption('#explain-person', email);
    await page.selectOption('#explain-resource', resource);
    await page.fill('#explain-duration', duration);
    // Each case starts from an empty answer, so the one read is this case's.
    await page.locator('#explain-result').evaluate((el) => void (el.textContent = ''));
    await page.locator('#explain-form button[type="submit"]').click();
    const result = page.locator('#explain-result');
    await result.filter({ hasText: /\S/ }).waitFor();
    const text = (await result.textContent()) ?? '';
    if (typeof expected === 'string') expect(text).toBe(expected);
    else expect(text).toMatch(expected);
  });
});
