import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { t } from '../src/lib/i18n';
import { readZipEntry, paragraphs } from '../src/lib/server/documents/testing';
import { today } from '../src/lib/server/periods';
import { useBrowser } from './support/browser';
import { useAppServer } from './support/server';
import { apiSignIn, signIn, submitAndWait } from './support/auth';
import { rawRequest } from './support/http';

/**
 * Dialogues and events against the built app: an officer creates and publishes a dialogue, a
 * citizen registers on the portal with JavaScript off, the officer records attendance and a
 * question (which becomes a feedback item) and downloads the minutes; bad input to the public
 * registration API and form (script, SQL-like strings, oversized bodies, wrong types, floods)
 * never gives a 5xx, a stored script or a lost registration; another commune is refused.
 */

const app = useAppServer();
const browser = useBrowser();

const SCRIPT = `<script>window.__xss=1</script>`;
const SQL = `Hà'); DROP TABLE event_registrations;--`;

let officer = '';
beforeAll(async () => {
	officer = await apiSignIn(app.url, 'canbo.habinh');
});

const asOfficer = (cookie = officer) => ({ headers: { cookie } });
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function eventOf(id: string) {
	const res = await fetch(`${app.url}/api/v1/events/${id}`, asOfficer());
	expect(res.status).toBe(200);
	return (await res.json()) as { registrations: number; registrationList: { name: string; phone: string | null }[]; questionList: { feedbackId: string; trackingCode: string; body: string }[] };
}

describe('a dialogue from creation to minutes', () => {
	test('officer creates and publishes; citizen registers without JavaScript; attendance, a question, the minutes DOCX', { timeout: 180_000 }, async () => {
		const officerPage = await (await browser.newContext({ acceptDownloads: true })).newPage();
		await officerPage.goto(app.url + '/login');
		await signIn(officerPage, app.url, 'canbo.habinh');
		expect((await officerPage.goto(app.url + '/app/events'))?.status()).toBe(200);
		expect((await officerPage.goto(app.url + '/app/events/new'))?.status()).toBe(200);
		const title = 'Đối thoại thử nghiệm về bảo hiểm y tế cho hộ cận nghèo';
		await officerPage.fill('#title', title);
		await officerPage.selectOption('#unit', '16108');
		await officerPage.selectOption('#kind', 'dialogue');
		await officerPage.fill('#date', today());
		await officerPage.fill('#place', 'Nhà văn hóa Thôn Đông Sơn');
		await officerPage.fill('#agenda', 'Khai mạc\nGiới thiệu mức hỗ trợ mua thẻ bảo hiểm y tế\nHỏi đáp');
		await officerPage.check('input[name="invitedGroups"][value="near_poor"]');
		await officerPage.check('input[name="invitedVillages"][value="16108-01"]');
		await officerPage.check('input[name="published"]');
		await officerPage.check('input[name="registrationOpen"]');
		await officerPage.fill('#capacity', '30');
		await submitAndWait(officerPage, officerPage.locator('form[action="?/save"] button[type="submit"]'));
		const eventPath = new URL(officerPage.url()).pathname;
		expect(eventPath).toMatch(/^\/app\/events\/[0-9a-f-]{36}$/);
		const id = eventPath.split('/').pop()!;
		expect(await officerPage.locator('h1').textContent()).toBe(title);
		expect(await officerPage.locator('[role="status"]').textContent()).toContain(t('vi', 'events.created'));

		// The citizen, JavaScript off, finds it on the commune's portal and registers.
		const citizen = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		expect((await citizen.goto(app.url + '/portal/16108/events'))?.status()).toBe(200);
		expect(await citizen.locator('script').count()).toBe(0);
		await submitAndWait(citizen, citizen.locator(`main a[href="/portal/16108/events/${id}"]`));
		expect(await citizen.locator('h1').textContent()).toBe(title);
		expect(await citizen.locator('[data-testid="places"]').textContent()).toContain(t('vi', 'events.portal.placesLeft', { n: 30 }));
		await citizen.fill('#name', 'Bùi Thị Thoa');
		await citizen.fill('#phone', '0915 332 781');
		await citizen.selectOption('#village', '16108-01');
		await citizen.selectOption('#group', 'near_poor');
		await submitAndWait(citizen, citizen.locator('form[action="?/register"] button[type="submit"]'));
		expect(new URL(citizen.url()).pathname).toBe(`/portal/16108/events/${id}/registered`);
		expect(await citizen.locator('h1').textContent()).toBe(t('vi', 'events.portal.registered'));
		expect(await citizen.locator('[data-testid="registration-ref"]').textContent()).toMatch(/^[0-9A-F]{8}$/);
		// Back on the event page: one place fewer, and nobody's name.
		await citizen.goto(`${app.url}/portal/16108/events/${id}`);
		expect(await citizen.locator('[data-testid="places"]').textContent()).toContain(t('vi', 'events.portal.placesLeft', { n: 29 }));
		expect(await citizen.locator('main').textContent()).not.toContain('Bùi Thị Thoa');

		// The officer sees the registration, records attendance by group and a question.
		await officerPage.goto(app.url + eventPath);
		expect(await officerPage.locator('#registrations + table').textContent()).toContain('Bùi Thị Thoa');
		await officerPage.fill('#count_near_poor', '11');
		await officerPage.fill('#count_poor', '7');
		await submitAndWait(officerPage, officerPage.locator('form[action="?/counts"] button[type="submit"]'));
		expect(await officerPage.locator('[role="status"]').textContent()).toContain(t('vi', 'events.countsSaved'));
		expect(await officerPage.locator('form[action="?/counts"] table').textContent()).toContain('18');
		const question = 'Hộ cận nghèo mua bảo hiểm y tế được ngân sách hỗ trợ bao nhiêu phần trăm?';
		await officerPage.fill('#question', question);
		await officerPage.fill('#askedBy', 'Bà Bùi Thị Thoa');
		await officerPage.fill('#answer', 'Ngân sách hỗ trợ phần lớn mệnh giá thẻ; phần còn lại hộ tự đóng.');
		await submitAndWait(officerPage, officerPage.locator('form[action="?/question"] button[type="submit"]'));
		const stored = await eventOf(id);
		expect(stored.registrations).toBe(1);
		expect(stored.questionList).toHaveLength(1);
		expect(await officerPage.locator('[role="status"]').textContent()).toContain(stored.questionList[0].trackingCode);

		// The question is a feedback item, opened from the event page.
		await submitAndWait(officerPage, officerPage.locator(`a[href="/app/feedback/${stored.questionList[0].feedbackId}"]`));
		expect(await officerPage.locator('main').textContent()).toContain(question);
		const feedback = await fetch(`${app.url}/api/v1/feedback/${stored.questionList[0].feedbackId}`, asOfficer());
		expect(await feedback.json()).toMatchObject({ channel: 'dialogue', senderName: 'Bà Bùi Thị Thoa' });

		// Held today, minutes written, the DOCX downloaded and read.
		await officerPage.goto(app.url + eventPath);
		await submitAndWait(officerPage, officerPage.locator('form[action="?/held"] button[type="submit"]'));
		expect(await officerPage.locator('[role="status"]').textContent()).toContain(t('vi', 'events.heldDone'));
		await officerPage.fill('#chair', 'Phạm Quốc Hưng');
		await officerPage.fill('#secretary', 'Trần Văn Bình');
		await officerPage.fill('#conclusions', 'Thôn lập danh sách hộ cận nghèo chưa có thẻ, gửi xã trước cuối tháng.');
		await submitAndWait(officerPage, officerPage.locator('form[action="?/minutes"] button[type="submit"]'));
		const [download] = await Promise.all([officerPage.waitForEvent('download'), officerPage.locator(`a[href="/app/events/${id}/minutes.docx"]`).click()]);
		const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-minutes-')), 'bien-ban.docx');
		await download.saveAs(saved);
		const text = paragraphs(readZipEntry(fs.readFileSync(saved), 'word/document.xml'))
			.map((p) => p.text)
			.join('\n');
		for (const expected of ['BIÊN BẢN', 'Hội nghị đối thoại thử nghiệm về bảo hiểm y tế cho hộ cận nghèo', 'Phạm Quốc Hưng', 'Trần Văn Bình', question, 'Ngân sách hỗ trợ phần lớn mệnh giá thẻ', 'Thôn lập danh sách hộ cận nghèo chưa có thẻ', '18 người', 'Khai mạc'])
			expect(text).toContain(expected);
	});
});

describe('refusals and bad input', () => {
	let eventId = '';
	beforeAll(async () => {
		const res = await fetch(`${app.url}/api/v1/events?unit=16108&when=upcoming`, asOfficer());
		const list = (await res.json()) as { items: { id: string; published: boolean; registrationOpen: boolean }[] };
		eventId = list.items.find((e) => e.published && e.registrationOpen)!.id;
	});

	test('another commune’s officer and a village head of another village are refused the event, its pages and actions', async () => {
		const other = await apiSignIn(app.url, 'canbo.daquyn');
		expect((await fetch(`${app.url}/api/v1/events/${eventId}`, asOfficer(other))).status).toBe(403);
		expect((await fetch(`${app.url}/app/events/${eventId}`, asOfficer(other))).status).toBe(403);
		expect((await fetch(`${app.url}/app/events/${eventId}/edit`, asOfficer(other))).status).toBe(403);
		expect((await fetch(`${app.url}/app/events/${eventId}/minutes.docx`, asOfficer(other))).status).toBe(403);
		const list = (await (await fetch(`${app.url}/api/v1/events?when=all`, asOfficer(other))).json()) as { items: { unit: { code: string } }[] };
		expect(list.items.every((e) => e.unit.code.startsWith('24997'))).toBe(true);
		const before = await eventOf(eventId);
		const post = await fetch(`${app.url}/app/events/${eventId}?/cancel`, {
			method: 'POST',
			headers: { cookie: other, 'content-type': 'application/x-www-form-urlencoded', origin: app.url, accept: 'text/html' },
			body: ''
		});
		expect(post.status).toBe(403);
		expect((await fetch(`${app.url}/api/v1/events/${eventId}`, asOfficer())).status).toBe(200);
		expect((await eventOf(eventId)).registrations).toBe(before.registrations);
		// The head of Đông Sơn is not invited to this one (Tây Sơn, Yên Thịnh, Trung Hòa are).
		const head = await apiSignIn(app.url, 'truongthon.habinh');
		expect((await fetch(`${app.url}/api/v1/events/${eventId}`, asOfficer(head))).status).toBe(403);
		// Not on another commune's portal either.
		expect((await fetch(`${app.url}/portal/24997/events/${eventId}`)).status).toBe(404);
	});

	test('POST /api/v1/public/events/{id}/registrations and the portal form: 4xx for bad input, never 5xx; script kept as text; a flood is cut at the limit with nothing lost', { timeout: 120_000 }, async () => {
		const url = `${app.url}/api/v1/public/events/${eventId}/registrations`;
		const bad: unknown[] = [null, [], 42, 'tên', {}, { name: '' }, { name: 12 }, { name: 'x'.repeat(101) }, { name: 'A', phone: 'gọi tôi' }, { name: 'A', phone: [] }, { name: 'A', village: "16108-02' OR 1=1" }, { name: 'A', village: 'KHONGCO' }, { name: 'A', group: 'admin' }, { name: 'A\u0000' }, { name: 'A', extra: true }, { name: 'A', note: 'x'.repeat(501) }];
		for (const body of bad) {
			const res = await fetch(url, json(body));
			expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
			expect(res.status, JSON.stringify(body)).toBeLessThan(500);
			expect(((await res.json()) as { error: { message: string } }).error.message).toBeTruthy();
		}
		// A body that is not JSON: refused (415 by the API, or 403 by the framework's check of cross-site form posts).
		expect([403, 415]).toContain((await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=A' })).status);
		expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<name>A</name>' })).status).toBe(415);
		expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' })).status).toBe(400);
		// On a connection of its own: the server closes it after refusing a body it did not read.
		const big = await rawRequest(app.url, { method: 'POST', path: `/api/v1/public/events/${eventId}/registrations`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'A', note: 'x'.repeat(1_100_000) }) });
		expect(big.status).toBe(413);
		expect((await fetch(`${app.url}/api/v1/public/events/not-an-id/registrations`, json({ name: 'A' }))).status).toBe(404);
		expect((await fetch(`${app.url}/api/v1/public/events/${crypto.randomUUID()}/registrations`, json({ name: 'A' }))).status).toBe(404);

		// The portal form: oversized, honeypot, wrong event: a message, never a 5xx.
		const form = (fields: Record<string, string>, id = eventId) =>
			fetch(`${app.url}/portal/16108/events/${id}?/register`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url, accept: 'text/html' },
				body: new URLSearchParams(fields).toString(),
				redirect: 'manual'
			});
		expect((await form({ name: 'x'.repeat(30_000) })).status).toBe(400);
		expect((await form({ name: 'Người máy', website: 'http://spam.example' })).status).toBe(400);
		expect((await form({ name: 'A' }, crypto.randomUUID())).status).toBe(404);
		expect((await form({ name: 'A', group: "'; DROP TABLE units;--" })).status).toBe(400);

		const start = (await eventOf(eventId)).registrations;
		const scripted = await form({ name: SCRIPT, note: SQL });
		expect(scripted.status).toBe(303);
		const page = await (await fetch(`${app.url}/app/events/${eventId}`, asOfficer())).text();
		expect(page).toMatch(/&lt;script(&gt;|>)window\.__xss=1&lt;\/script/);
		expect(page).not.toContain('<script>window.__xss');

		// A flood from one address: every answer is 201 or 429, and every 201 is stored.
		const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => fetch(url, json({ name: `Người đăng ký ${i}`, phone: `09${String(10_000_000 + i).padStart(8, '0')}` }))));
		const statuses = answers.map((r) => r.status);
		expect(statuses.every((s) => s === 201 || s === 429), statuses.join(',')).toBe(true);
		expect(statuses).toContain(429);
		const created = statuses.filter((s) => s === 201).length;
		expect((await eventOf(eventId)).registrations).toBe(start + 1 + created);
	});
});
