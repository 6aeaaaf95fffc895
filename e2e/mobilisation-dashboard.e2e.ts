import { describe, expect, test } from 'vitest';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
const dong = (n: number) => n.toLocaleString('vi-VN');

/** Posts a plain form as a browser without JavaScript would, with the session cookie. */
const postForm = (cookie: string, url: string) =>
	fetch(url, { method: 'POST', headers: { cookie, origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });

describe('pairings and socialised funds on the dashboards and the portal, without JavaScript', () => {
	test('the commune dashboard counts the demo’s pairings and funds of 2025, drills down to a village, and stays closed to another commune', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		const res = await page.goto(app.url + '/app/dashboard?unit=16108&period=2025');
		expect(res!.status()).toBe(200);
		const section = page.locator('#mobilisation-section');
		await expect(section.locator('h3').first().textContent()).resolves.toBe(vi['mobilisation.dash.heading']);
		// The demo of 2025 in Hà Bình, counted by hand: the cooperative's 30,000,000 and the farm's
		// two sows worth 4,000,000 pledged and received; 3,500,000 and 2,800,000 of seed handed on; three pairings.
		const total = (code: string) => section.locator(`#mobilisation-children-table tfoot td[data-code="${code}"]`).textContent();
		await expect(total('pledged')).resolves.toBe(dong(34_000_000));
		await expect(total('received')).resolves.toBe(dong(34_000_000));
		await expect(total('given')).resolves.toBe(dong(6_300_000));
		await expect(total('pairingsActive')).resolves.toBe('3');
		await expect(section.locator('#mobilisation-kind-table tr[data-kind="enterprise"] td[data-code="pledged"]').textContent()).resolves.toBe(dong(30_000_000));
		await expect(section.locator('#mobilisation-kind-table tr[data-kind="better_off_household"] td[data-code="received"]').textContent()).resolves.toBe(dong(4_000_000));
		expect(await section.locator('svg[role="img"]').count()).toBe(2);
		// Drill-down: a village's row opens the village's dashboard with its own section.
		const village = section.locator('#mobilisation-children-table tbody tr[data-unit] a').first();
		const code = await village.evaluate((a) => a.closest('tr')!.getAttribute('data-unit'));
		await submitAndWait(page, village);
		expect(new URL(page.url()).searchParams.get('unit')).toBe(code);
		await expect(page.locator('#mobilisation-section').getAttribute('data-unit')).resolves.toBe(code);

		const other = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(other, app.url, 'canbo.daquyn');
		expect((await other.goto(app.url + '/app/dashboard?unit=16108&period=2025'))!.status()).toBe(403);
		await other.goto(app.url + '/app/dashboard?unit=24997&period=2025');
		await expect(other.locator('#mobilisation-section').getAttribute('data-unit')).resolves.toBe('24997');
		await expect(other.locator('main').textContent()).resolves.not.toContain('Hợp tác xã Dịch vụ nông nghiệp Hà Bình');
	}, 120_000);

	test('a pairing whose household agreed becomes a draft story naming nobody; the demo’s published one and the year’s sponsors show on the portal', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(app.url + '/app/mobilisation/pairings?q=nguyen');
		const found = page.locator('input[name="household"]');
		expect(await found.count()).toBeGreaterThan(0);
		const label = (await found.first().locator('xpath=..').textContent())!;
		const householdName = label.split('–')[0].trim();
		await found.first().check();
		await page.selectOption('#helperKind', 'organisation_member');
		await page.fill('#helperName', 'Anh Trịnh Văn Hòa');
		await page.fill('#helperOrganisation', 'Đoàn Thanh niên xã Hà Bình');
		await page.fill('#fromDate', today());
		const goal = `Dựng chuồng gà, học cách ấp trứng ${Date.now()}`;
		await page.fill('#goal', goal);
		await page.check('input[name="storyConsent"]');
		await submitAndWait(page, page.locator('form[action*="/pairing"] button[type="submit"]'));
		await submitAndWait(page, page.locator('main tbody tr', { hasText: 'Anh Trịnh Văn Hòa' }).first().locator('a').first());
		const pairingUrl = page.url();
		await submitAndWait(page, page.locator('form[action="?/story"] button[type="submit"]'));
		expect(new URL(page.url()).pathname).toMatch(/^\/app\/stories\/[0-9a-f-]{36}$/);
		const storyText = (await page.locator('main').textContent())!;
		expect(storyText).toContain(goal);
		expect(storyText).toContain('Đoàn Thanh niên xã Hà Bình');
		expect(storyText).not.toContain('Trịnh Văn Hòa');
		// The household's name may show in the workspace to the officer, but not in the story's own text.
		const storyId = new URL(page.url()).pathname.split('/').pop();
		const api = await page.request.get(`${app.url}/api/v1/stories/${storyId}`);
		expect(api.status()).toBe(200);
		const json = (await api.json()) as Record<string, unknown>;
		expect(json.status).toBe('draft');
		for (const f of ['subjectName', 'title', 'summary', 'whatTheyDid', 'results']) expect(String(json[f]), f).not.toContain(householdName);
		// Back on the pairing, the page now links to the story instead of writing another.
		await page.goto(pairingUrl);
		await expect(page.locator(`main a[href="/app/stories/${storyId}"]`).count()).resolves.toBe(1);
		expect(await page.locator('form[action="?/story"]').count()).toBe(0);

		// Another commune's officer cannot write the story; odd pairing ids are refused, never a 500.
		const otherCookie = await apiSignIn(app.url, 'canbo.daquyn');
		expect((await postForm(otherCookie, `${pairingUrl}?/story`)).status).toBe(403);
		const ownCookie = await apiSignIn(app.url, 'canbo.habinh');
		for (const bad of ['khong-phai-ma', '00000000-0000-0000-0000-000000000000', '%27%3B--'])
			expect((await postForm(ownCookie, `${app.url}/app/mobilisation/pairings/${bad}?/story`)).status, bad).toBe(404);

		// The portal: the demo story written from a pairing, and this year's funds with only consenting sponsors named.
		const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await visitor.goto(app.url + '/portal/16108/programme');
		const funds = visitor.locator('#funds');
		await expect(funds.locator('h2').textContent()).resolves.toBe(vi['mobilisation.portal.heading'].replace('{year}', today().slice(0, 4)));
		await expect(funds.textContent()).resolves.toContain('Ngân hàng Chính sách xã hội');
		await expect(funds.textContent()).resolves.not.toContain('Lê Văn Thịnh');
		await visitor.goto(app.url + '/portal/16108/stories');
		await expect(visitor.locator('main').textContent()).resolves.toContain('Kết nghĩa giúp đỡ một hộ ở');
	}, 120_000);
});
