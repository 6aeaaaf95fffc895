import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

describe('mobilisation and training in the browser, without JavaScript', () => {
	test('a commune officer records a sponsor, a pledge and a receipt, pairs a poor household and records a visit; another commune is refused', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(app.url + '/app/mobilisation');
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['mobilisation.title']);
		const name = `Công ty May Hà Trung ${Date.now()}`;
		await page.locator('summary', { hasText: vi['mobilisation.newSponsor'] }).click();
		await page.selectOption('#sp-unit', '16108');
		await page.selectOption('#sp-kind', 'enterprise');
		await page.fill('#sp-name', name);
		await page.check('input[name="consentPublic"]');
		await submitAndWait(page, page.locator('form[action="?/sponsor"] button[type="submit"]'));
		await expect(page.locator('main [role="status"]').textContent()).resolves.toBe(vi['mobilisation.saved']);
		await submitAndWait(page, page.locator('main a', { hasText: name }));
		const sponsorUrl = page.url();
		expect(new URL(sponsorUrl).pathname).toMatch(/^\/app\/mobilisation\/sponsors\/[0-9a-f-]{36}$/);

		await page.locator('summary', { hasText: vi['mobilisation.addPledge'] }).click();
		await page.selectOption('#p-kind', 'cash');
		await page.fill('#p-amount', '10.000.000');
		await page.fill('#p-date', today());
		await page.fill('#p-purpose', 'Học bổng cho con hộ nghèo');
		await submitAndWait(page, page.locator('form[action="?/pledge"] button[type="submit"]'));
		await expect(page.locator('main h3').first().textContent()).resolves.toContain('10.000.000');

		// A fraction is refused with the message, and nothing is stored.
		await page.locator('summary', { hasText: vi['mobilisation.addReceipt'] }).first().click();
		const receipt = page.locator('form[action="?/receipt"]').first();
		await receipt.locator('input[name="amount"]').fill('1,5');
		await receipt.locator('input[name="receivedBy"]').fill('Thủ quỹ xã');
		await submitAndWait(page, receipt.locator('button[type="submit"]'));
		await expect(page.locator('main [role="alert"]').first().textContent()).resolves.toContain(vi['error.validation']);
		await expect(page.locator('main').textContent()).resolves.toContain(vi['mobilisation.amountInteger']);
		const again = page.locator('form[action="?/receipt"]').first();
		await again.locator('input[name="amount"]').fill('4.000.000');
		await again.locator('input[name="receivedBy"]').fill('Thủ quỹ xã');
		await submitAndWait(page, again.locator('button[type="submit"]'));
		await expect(page.locator('main [role="status"]').textContent()).resolves.toBe(vi['mobilisation.saved']);
		await expect(page.locator('main tbody tr').first().textContent()).resolves.toContain('4.000.000');

		// Pair a poor household found by name with the new sponsor.
		await page.goto(app.url + '/app/mobilisation/pairings?q=nguyen');
		const found = page.locator('input[name="household"]');
		expect(await found.count()).toBeGreaterThan(0);
		await found.first().check();
		await page.selectOption('#helperKind', 'sponsor');
		await page.selectOption('#sponsor', { label: name });
		await page.fill('#fromDate', today());
		await page.fill('#goal', 'Giúp con đi học đều, mẹ học nghề may');
		await submitAndWait(page, page.locator('form[action*="/pairing"] button[type="submit"]'));
		await expect(page.locator('main [role="status"]').textContent()).resolves.toBe(vi['mobilisation.saved']);
		const row = page.locator('main tbody tr', { hasText: name });
		await submitAndWait(page, row.locator('a').first());
		expect(new URL(page.url()).pathname).toMatch(/^\/app\/mobilisation\/pairings\/[0-9a-f-]{36}$/);
		const pairingUrl = page.url();
		await page.fill('#visitedOn', today());
		await page.fill('#support', 'Trao sách vở và đồng phục cho cháu');
		await page.fill('#value', '850.000');
		await submitAndWait(page, page.locator('form[action="?/visit"] button[type="submit"]'));
		await expect(page.locator('main').textContent()).resolves.toContain('Trao sách vở và đồng phục cho cháu');
		await expect(page.locator('main').textContent()).resolves.toContain('850.000');

		// Đa Quyn's officer cannot open Hà Bình's sponsor or pairing.
		const other = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(other, app.url, 'canbo.daquyn');
		expect((await other.goto(sponsorUrl))!.status()).toBe(403);
		expect((await other.goto(pairingUrl))!.status()).toBe(403);
		await expect(other.locator('main').textContent()).resolves.not.toContain(name);
	}, 120_000);

	test('a commune officer opens a course, adds trainees, ticks attendance and downloads a certificate PDF', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(app.url + '/app/training');
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['training.title']);
		const title = `Lớp tập huấn viết tin cho loa truyền thanh ${Date.now()}`;
		await page.locator('summary', { hasText: vi['training.newCourse'] }).click();
		await page.selectOption('#c-unit', '16108');
		await page.fill('#c-title', title);
		await page.fill('#c-organiser', 'UBND xã Hà Bình');
		await page.fill('#c-topics', 'Viết tin ngắn, Đọc tin trên loa');
		// Ending before it starts is refused with the message, and what was typed stays.
		await page.fill('#c-from', today());
		await page.fill('#c-to', '2020-01-01');
		await submitAndWait(page, page.locator('form[action="?/course"] button[type="submit"]'));
		await expect(page.locator('main [role="alert"]').textContent()).resolves.toContain(vi['training.dateOrder']);
		await expect(page.inputValue('#c-title')).resolves.toBe(title);
		await page.fill('#c-to', today());
		await submitAndWait(page, page.locator('form[action="?/course"] button[type="submit"]'));
		await submitAndWait(page, page.locator('main a', { hasText: title }));
		const courseUrl = page.url();
		expect(new URL(courseUrl).pathname).toMatch(/^\/app\/training\/courses\/[0-9a-f-]{36}$/);

		const guest = 'Chị Đinh Thị Hậu, cộng tác viên thôn';
		await page.selectOption('#who', 'other');
		await page.fill('#name', guest);
		await submitAndWait(page, page.locator('form[action*="/trainee"] button[type="submit"]'));
		const communicator = (await page.locator('#who option[value^="communicator:"]').first().getAttribute('value'))!;
		await page.selectOption('#who', communicator);
		await submitAndWait(page, page.locator('form[action*="/trainee"] button[type="submit"]'));
		await expect(page.locator('main tbody tr').count()).resolves.toBe(2);

		// Both ticked present with scores (a score outside 0–100 the browser refuses itself; the
		// server's refusal is tested in training.test.ts).
		await page.locator('input[name="attended"]').nth(0).check();
		await page.locator('input[name="attended"]').nth(1).check();
		await page.locator('input[name^="pre_"]').nth(0).fill('40');
		await page.locator('input[name^="post_"]').nth(0).fill('75');
		await page.locator('input[name^="pre_"]').nth(1).fill('60');
		await page.locator('input[name^="post_"]').nth(1).fill('85');
		await submitAndWait(page, page.locator('button[form="attendance"]'));
		await expect(page.locator('main [role="status"]').textContent()).resolves.toBe(vi['training.saved']);
		await expect(page.locator('main dl').textContent()).resolves.toContain('2/2');
		await expect(page.locator('main dl').textContent()).resolves.toContain('30');

		const guestRow = page.locator('main tbody tr', { hasText: guest });
		await submitAndWait(page, guestRow.locator('form[action="?/certificate"] button'));
		const link = page.locator('main tbody tr', { hasText: guest }).locator('a[href*="/certificates/"]');
		await expect(link.count()).resolves.toBe(1);
		const res = await page.context().request.get(app.url + (await link.getAttribute('href'))!);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('application/pdf');
		const pdf = await res.body();
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-cert-')), 'cert.pdf');
		fs.writeFileSync(file, pdf);
		const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
		expect(text).toContain(guest);
		expect(text).toContain(title);

		const other = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(other, app.url, 'canbo.daquyn');
		expect((await other.goto(courseUrl))!.status()).toBe(403);
	}, 180_000);
});
