import { describe, expect, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { vi } from '../src/lib/i18n/vi';
import { useBrowser } from './support/browser';
import { useAppServer } from './support/server';
import { apiSignIn, signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

/** Today in Việt Nam and the key of its quarter (the demo's commune draft is for this quarter). */
const todayVn = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
const quarterOf = (date: string) => `${date.slice(0, 4)}Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`;

/** A page signed in as the user, without JavaScript: every step is a plain form post. */
async function pageAs(username: string): Promise<Page> {
	const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
	await signIn(page, app.url, username);
	return page;
}

/** Posts a plain form as a browser without JavaScript would, with the session cookie. */
const postForm = (cookie: string, url: string, form: Record<string, string>) =>
	fetch(url, { method: 'POST', headers: { cookie, origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

const statusOf = async (page: Page) => page.locator('main p .badge[data-status]').first().getAttribute('data-status');

describe('reports between a commune and its province', () => {
	test('submit with a missing-villages note → approve → return → resubmit → approve → accept; the quarter is locked until the province unlocks it', async () => {
		const quarter = quarterOf(todayVn());
		// An activity of the quarter, recorded through the API by the commune officer.
		const officerCookie = await apiSignIn(app.url, 'canbo.habinh');
		const activityId = randomUUID();
		const activityTitle = `Đối thoại chính sách cuối quý ${Date.now()}`;
		const put = await fetch(`${app.url}/api/v1/activities/${activityId}`, {
			method: 'PUT',
			headers: { cookie: officerCookie, 'content-type': 'application/json' },
			body: JSON.stringify({ unit: '16108-02', channel: 'dialogue', title: activityTitle, date: todayVn(), status: 'done', counts: { poor: 6, other: 9 } })
		});
		expect(put.status).toBe(201);

		// The commune officer opens this quarter's report and fills it in.
		const officer = await pageAs('canbo.habinh');
		await officer.goto(`${app.url}/app/reports`);
		await expect(officer.locator('main h1').textContent()).resolves.toBe(vi['reports.title']);
		await officer.selectOption('select[name="form"] >> nth=0', 'commune_quarterly');
		await officer.selectOption('section select[name="unit"]', '16108');
		await officer.fill('section input[name="period"]', quarter);
		await submitAndWait(officer, officer.locator('form[action="?/open"] button'));
		const reportUrl = officer.url();
		const reportId = new URL(reportUrl).pathname.split('/').pop()!;
		expect(reportId).toMatch(/^[0-9a-f-]{36}$/);
		await expect(statusOf(officer)).resolves.toBe('draft');
		// Each computed figure links to the records behind it; the dialogue just recorded is there.
		const dialogues = officer.locator('a[href$="/records/dialogues_held"]');
		await submitAndWait(officer, dialogues);
		await expect(officer.locator('main').textContent()).resolves.toContain(activityTitle);
		await officer.goto(reportUrl);

		await officer.fill('#narrative-results', 'Các thôn tổ chức đối thoại về vay vốn và học nghề; loa phát bản tin hai buổi mỗi tuần.');
		await officer.fill('#narrative-proposals', 'Đề nghị tỉnh hỗ trợ thêm tờ gấp bằng tiếng dân tộc.');
		await officer.fill('#manual-communicators_network', '22');
		// Without the note, the submission is refused and names the villages still missing.
		await submitAndWait(officer, officer.locator('button[formaction="?/submit"]'));
		await expect(officer.locator('main [role="alert"]').first().textContent()).resolves.toContain('Còn thiếu báo cáo của');
		await expect(officer.locator('[data-testid="missing-children"] li').count()).resolves.toBeGreaterThan(0);
		await expect(officer.inputValue('#narrative-results')).resolves.toContain('đối thoại về vay vốn');
		await officer.fill('#missing-note', 'Thôn Trung Hòa và Thôn Bái Xuân chưa gửi báo cáo tháng; xã đã nhắc.');
		await submitAndWait(officer, officer.locator('button[formaction="?/submit"]'));
		await expect(statusOf(officer)).resolves.toBe('submitted');

		// The commune's leader approves: figures frozen, the quarter locked.
		const leader = await pageAs('chutich.habinh');
		await leader.goto(reportUrl);
		await submitAndWait(leader, leader.locator('form[action="?/approve"] button'));
		await expect(statusOf(leader)).resolves.toBe('approved');
		await expect(leader.locator('[data-locked="true"]').count()).resolves.toBe(1);

		// The province returns it with a comment; a return without one is refused.
		const province = await pageAs('tinh.thanhhoa');
		await province.goto(reportUrl);
		await expect(province.locator('form[action="?/approve"]').count()).resolves.toBe(0);
		// The browser itself refuses the empty required comment; posted anyway, the server refuses it.
		const provinceCookie = await apiSignIn(app.url, 'tinh.thanhhoa');
		const emptyReturn = await postForm(provinceCookie, `${reportUrl}?/return`, { version: '5', comment: '  ' });
		expect(emptyReturn.status).toBe(400);
		expect(await emptyReturn.text()).toContain(vi['reports.commentRequired']);
		await province.fill('#return-comment', 'Đề nghị bổ sung số hộ cận nghèo được tiếp cận trong quý.');
		await submitAndWait(province, province.locator('form[action="?/return"] button'));
		await expect(statusOf(province)).resolves.toBe('returned');

		// The commune sees the comment, resubmits; the leader approves again; the province accepts.
		await officer.goto(reportUrl);
		await expect(officer.locator('main').textContent()).resolves.toContain('Đề nghị bổ sung số hộ cận nghèo');
		await officer.fill('#narrative-results', 'Các thôn tổ chức đối thoại về vay vốn và học nghề; 35 hộ cận nghèo dự các buổi đối thoại.');
		await submitAndWait(officer, officer.locator('button[formaction="?/submit"]'));
		await expect(statusOf(officer)).resolves.toBe('submitted');
		await leader.goto(reportUrl);
		await submitAndWait(leader, leader.locator('form[action="?/approve"] button'));
		await province.goto(reportUrl);
		await submitAndWait(province, province.locator('form[action="?/accept"] button'));
		await expect(statusOf(province)).resolves.toBe('accepted');
		const history = await province.locator('#history + table tbody tr').count();
		expect(history).toBe(7);

		// The quarter's activity can no longer be changed, with a message saying why and who unlocks.
		await officer.goto(`${app.url}/app/activities/${activityId}/edit`);
		await officer.fill('#title', activityTitle + ' (sửa)');
		await submitAndWait(officer, officer.locator('form.activity-form > button[type="submit"]'));
		const refusal = await officer.locator('main [role="alert"]').first().textContent();
		expect(refusal).toContain('đã khóa vì báo cáo');
		expect(refusal).toContain('Tỉnh Thanh Hóa');

		// The province unlocks with a reason; the report is returned; the edit goes through.
		await province.goto(reportUrl);
		await province.fill('#unlock-reason', 'Xã cần sửa tên một buổi đối thoại.');
		await submitAndWait(province, province.locator('form[action="?/unlock"] button'));
		await expect(statusOf(province)).resolves.toBe('returned');
		await expect(province.locator('[data-locked="false"]').count()).resolves.toBe(1);
		await officer.goto(`${app.url}/app/activities/${activityId}/edit`);
		await officer.fill('#title', activityTitle + ' (sửa)');
		await submitAndWait(officer, officer.locator('form.activity-form > button[type="submit"]'));
		expect(new URL(officer.url()).pathname).toBe(`/app/activities/${activityId}`);
		await expect(officer.locator('main h1').textContent()).resolves.toBe(activityTitle + ' (sửa)');
	});

	test('another commune, a village head and the API see only what their scope gives; the forms page is for those who configure', async () => {
		const cookie = await apiSignIn(app.url, 'canbo.habinh');
		const habinh = await (await fetch(`${app.url}/api/v1/reports?unit=16108&form=commune_quarterly`, { headers: { cookie } })).json();
		const id = habinh.items[0].id as string;
		expect(habinh.items[0].unit).toMatchObject({ code: '16108', name: 'Xã Hà Bình' });

		const other = await apiSignIn(app.url, 'canbo.daquyn');
		const seen = await (await fetch(`${app.url}/api/v1/reports?limit=200`, { headers: { cookie: other } })).json();
		expect(seen.items.length).toBeGreaterThan(0);
		expect(seen.items.every((r: { unit: { code: string } }) => r.unit.code.startsWith('24997'))).toBe(true);
		expect((await fetch(`${app.url}/api/v1/reports/${id}`, { headers: { cookie: other } })).status).toBe(403);
		expect((await fetch(`${app.url}/app/reports/${id}`, { headers: { cookie: other } })).status).toBe(403);
		const head = await apiSignIn(app.url, 'truongthon.habinh');
		expect((await fetch(`${app.url}/app/reports/${id}`, { headers: { cookie: head } })).status).toBe(403);
		const heads = await (await fetch(`${app.url}/api/v1/reports?limit=200`, { headers: { cookie: head } })).json();
		expect(new Set(heads.items.map((r: { unit: { code: string } }) => r.unit.code))).toEqual(new Set(['16108-01']));
		const province = await apiSignIn(app.url, 'tinh.thanhhoa');
		expect((await fetch(`${app.url}/app/reports/${id}`, { headers: { cookie: province } })).status).toBe(200);
		expect((await fetch(`${app.url}/app/reports/not-an-id`, { headers: { cookie: province } })).status).toBe(404);

		expect((await fetch(`${app.url}/app/reports/forms`, { headers: { cookie } })).status).toBe(403);
		const forms = await pageAs('tinh.thanhhoa');
		await forms.goto(`${app.url}/app/reports/forms`);
		await expect(forms.locator('main h1').textContent()).resolves.toBe(vi['reports.forms.title']);
		await forms.fill('#due-village_monthly', '5');
		await submitAndWait(forms, forms.locator('#form-village_monthly button[type="submit"]'));
		await expect(forms.locator('#form-village_monthly [role="status"]').textContent()).resolves.toBe(vi['reports.forms.saved']);
		await expect(forms.inputValue('#due-village_monthly')).resolves.toBe('5');
		const bad = await postForm(province, `${app.url}/app/reports/forms?/save`, { code: 'village_monthly', nameVi: 'x', nameEn: 'x', dueDays: '500', indicatorCodes: 'dialogues_held' });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain(vi['reports.forms.dueDays']);
	});
});
