import { beforeAll, describe, expect, test } from 'vitest';
import { t } from '../src/lib/i18n';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, submitAndWait } from './support/auth';
import { rawRequest } from './support/http';

/**
 * The public feedback channel against the built app with its production limits: the portal form
 * and the tracking lookup in a browser without JavaScript, bad input to every public form and API
 * (script, SQL-like strings, oversized bodies, wrong types, floods): never a 5xx, never script run
 * from stored text, never an acknowledged item lost.
 */

const app = useAppServer();
const browser = useBrowser();

const SCRIPT = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
const SQL = `Robert'); DROP TABLE feedback_items;-- 1' OR '1'='1`;

let officer = '';
beforeAll(async () => {
	officer = await apiSignIn(app.url, 'canbo.habinh');
});

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function postFeedback(body: unknown) {
	const res = await fetch(app.url + '/api/v1/public/feedback', json(body));
	return { status: res.status, body: (await res.json()) as { trackingCode?: string; error?: { code: string; message: string } } };
}

/** Every item the Hà Bình officer sees, by tracking code. */
async function officerItems(): Promise<Map<string, { id: string; title: string }>> {
	const out = new Map<string, { id: string; title: string }>();
	for (let offset = 0; ; offset += 200) {
		const res = await fetch(`${app.url}/api/v1/feedback?limit=200&offset=${offset}`, { headers: { cookie: officer } });
		expect(res.status).toBe(200);
		const page = (await res.json()) as { items: { id: string; trackingCode: string; title: string }[]; hasMore: boolean };
		for (const i of page.items) out.set(i.trackingCode, i);
		if (!page.hasMore) return out;
	}
}

async function officerDetail(id: string) {
	const res = await fetch(`${app.url}/api/v1/feedback/${id}`, { headers: { cookie: officer } });
	expect(res.status).toBe(200);
	return (await res.json()) as { title: string; body: string; senderName: string | null };
}

function form(fields: Record<string, string>) {
	return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: app.url }, body: new URLSearchParams(fields).toString() };
}

describe('the portal feedback page without JavaScript', () => {
	test('a citizen sends feedback, gets a code, looks it up; officers answer; the sender reopens', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		const res = await page.goto(app.url + '/portal/16108');
		expect(res?.status()).toBe(200);
		await submitAndWait(page, page.locator(`main a[href="/portal/16108/feedback"]`));
		expect(await page.locator('h1').textContent()).toBe(t('vi', 'feedback.portalTitle', { unit: 'Xã Hà Bình' }));
		await expect(page.locator('script').count()).resolves.toBe(0);
		// The published demo Q&A is on the page.
		expect(await page.locator('article.qa').count()).toBeGreaterThanOrEqual(1);

		await page.selectOption('#fb-category', 'support');
		await page.fill('#fb-title', 'Xin hỗ trợ sửa nhà ' + SCRIPT);
		await page.fill('#fb-body', 'Nhà bị dột. ' + SCRIPT);
		await page.fill('#fb-name', 'Trịnh Văn Mười');
		await page.fill('#fb-phone', '0912 555 018');
		await page.check('input[name="consent"]');
		await submitAndWait(page, page.locator('form[action="?/submit"] button[type="submit"]'));
		const code = (await page.locator('[data-testid="tracking-code"]').textContent())!.trim();
		expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

		await page.fill('#track-code', code.toLowerCase().replaceAll('-', ' '));
		await submitAndWait(page, page.locator('form[action="?/track"] button[type="submit"]'));
		const result = page.locator('[data-testid="tracking-result"]');
		expect(await result.textContent()).toContain(t('vi', 'feedback.status.received'));
		// Nothing of the sender, nothing of the text.
		expect(await result.textContent()).not.toMatch(/Mười|0912555018|555 018|dột/);

		// The officer answers through the API; the sender reads it and reopens.
		const item = (await officerItems()).get(code.replaceAll('-', ''))!;
		expect(item.title).toBe('Xin hỗ trợ sửa nhà ' + SCRIPT);
		const answered = await fetch(`${app.url}/api/v1/feedback/${item.id}/answer`, { ...json({ answer: 'Xã sẽ cử người đến xem mái nhà trong tuần này.' }), headers: { 'content-type': 'application/json', cookie: officer } });
		expect(answered.status).toBe(200);
		await page.fill('#track-code', code);
		await submitAndWait(page, page.locator('form[action="?/track"] button[type="submit"]'));
		expect(await result.textContent()).toContain('Xã sẽ cử người đến xem mái nhà');
		await page.fill('#reopen-reason', 'Chưa thấy ai đến.');
		await submitAndWait(page, page.locator('form[action="?/reopen"] button[type="submit"]'));
		expect(await page.locator('[data-testid="tracking-result"]').textContent()).toContain(t('vi', 'feedback.reopened'));
		expect(await page.locator('[data-testid="tracking-result"]').textContent()).toContain(t('vi', 'feedback.event.reopened'));
	});

	test('the stored script is shown as text to the officer (escaped HTML, nothing runs with JavaScript on)', async () => {
		const items = await officerItems();
		const item = [...items.values()].find((i) => i.title.includes('<script>'))!;
		expect(item).toBeDefined();
		const html = await (await fetch(`${app.url}/app/feedback/${item.id}`, { headers: { cookie: officer } })).text();
		// Svelte escapes `<` and `&` in text: the tag is text, not markup.
		expect(html).toMatch(/&lt;script(&gt;|>)window\.__xss=1&lt;\/script/);
		expect(html).not.toContain('<script>window.__xss');
		expect(html).not.toContain('<img src=x');

		const context = await browser.newContext();
		const name = officer.slice(0, officer.indexOf('='));
		const value = officer.slice(officer.indexOf('=') + 1);
		await context.addCookies([{ name, value, url: app.url }]);
		const page = await context.newPage();
		let dialogs = 0;
		page.on('dialog', (d) => {
			dialogs++;
			void d.dismiss();
		});
		for (const path of [`/app/feedback/${item.id}`, '/app/feedback']) {
			expect((await page.goto(app.url + path))?.status()).toBe(200);
			await page.waitForLoadState('networkidle');
			expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
			expect(await page.locator('main').textContent()).toContain('<script>window.__xss=1</script>');
		}
		expect(dialogs).toBe(0);
	});
});

describe('the officers\' pages', () => {
	test('list with overdue marks, item page, dashboard with SVG charts and tables; another commune\'s item is refused', async () => {
		const get = async (path: string, cookie = officer) => {
			const res = await fetch(app.url + path, { headers: { cookie } });
			return { status: res.status, html: await res.text() };
		};
		const list = await get('/app/feedback?overdue=true');
		expect(list.status).toBe(200);
		expect(list.html).toContain(t('vi', 'feedback.overdue'));
		const dashboard = await get('/app/feedback/dashboard');
		expect(dashboard.status).toBe(200);
		expect(dashboard.html).toContain('<svg');
		expect(dashboard.html).toContain(t('vi', 'feedback.byCategory'));
		expect(dashboard.html).toContain('<th scope="row">');
		expect((await get('/app/feedback/categories')).status).toBe(200);
		expect((await get('/app/feedback/new')).status).toBe(200);
		const other = await apiSignIn(app.url, 'canbo.daquyn');
		const theirs = [...(await officerItems()).values()][0];
		expect((await get(`/app/feedback/${theirs.id}`, other)).status).toBe(403);
		expect((await get('/app/feedback/dashboard?unit=16108', other)).status).toBe(403);
	});
});

describe('bad input to the public API and forms', () => {
	test('POST /api/v1/public/feedback: wrong types, script, SQL-like strings, oversized bodies: 4xx with the error shape, never 5xx', async () => {
		const base = { unit: '16108', title: 'Tiêu đề', body: 'Nội dung' };
		const bad: unknown[] = [
			null,
			[],
			42,
			'chuỗi',
			{},
			{ ...base, unit: undefined },
			{ ...base, unit: "16108'; DROP TABLE feedback_items; --" },
			{ ...base, unit: 'KHONGCO' },
			{ ...base, unit: 16108 },
			{ ...base, title: 12 },
			{ ...base, title: '' },
			{ ...base, title: '   ' },
			{ ...base, title: 'x'.repeat(201) },
			{ ...base, body: { text: 'x' } },
			{ ...base, body: 'x'.repeat(5001) },
			{ ...base, body: 'có ký tự \u0000 NUL' },
			{ ...base, anonymous: 'yes' },
			{ ...base, consent: 1 },
			{ ...base, consent: true },
			{ ...base, phone: 'gọi tôi' },
			{ ...base, phone: [] },
			{ ...base, name: 'x'.repeat(101) },
			{ ...base, category: "question' OR 1=1" },
			{ ...base, category: 'khong_co' },
			{ ...base, trackingCode: 'AAAAAAAAAAAA' },
			{ ...base, status: 'answered' }
		];
		for (const body of bad) {
			const res = await postFeedback(body);
			expect(res.status, JSON.stringify(body)?.slice(0, 80)).toBe(400);
			expect(res.body.error?.code).toBe('VALIDATION');
			expect(res.body.trackingCode).toBeUndefined();
		}
		const notJson = await rawRequest(app.url, { method: 'POST', path: '/api/v1/public/feedback', headers: { 'content-type': 'application/json' }, body: '{"unit":' });
		expect(notJson.status).toBe(400);
		const wrongType = await rawRequest(app.url, { method: 'POST', path: '/api/v1/public/feedback', headers: { 'content-type': 'text/plain', origin: app.url }, body: 'unit=16108' });
		expect(wrongType.status).toBe(415);
		const huge = await rawRequest(app.url, { method: 'POST', path: '/api/v1/public/feedback', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...base, body: 'x'.repeat(2_000_000) }) });
		expect(huge.status).toBe(413);
		expect(JSON.parse(huge.body).error.code).toBe('PAYLOAD_TOO_LARGE');

		// Script and SQL-like text are plain text: stored exactly as sent.
		const before = (await officerItems()).size;
		const stored = await postFeedback({ ...base, title: SQL, body: `${SCRIPT}\n${SQL}`, name: SCRIPT, phone: '+84 912 000 777', consent: true });
		expect(stored.status).toBe(201);
		const items = await officerItems();
		expect(items.size).toBe(before + 1);
		const detail = await officerDetail(items.get(stored.body.trackingCode!)!.id);
		expect(detail).toMatchObject({ title: SQL, body: `${SCRIPT}\n${SQL}`, senderName: SCRIPT });
	});

	test('GET /api/v1/public/feedback/{code}: bad codes are 400 or 404, never 5xx, and reveal nothing', async () => {
		const codes = ["' OR 1=1 --", 'AAAA-AAAA-AAAA', '..%2F..%2Fetc', 'x'.repeat(41), '%3Cscript%3E', '%E1%BA%A0', '0O1IL0O1IL0O'];
		for (const c of codes) {
			const res = await rawRequest(app.url, { method: 'GET', path: '/api/v1/public/feedback/' + (c.includes('%') ? c : encodeURIComponent(c)) });
			expect(res.status, c).toBeGreaterThanOrEqual(400);
			expect(res.status, c).toBeLessThan(500);
			expect(JSON.parse(res.body).error.code).toMatch(/VALIDATION|NOT_FOUND/);
		}
		const reopen = await fetch(app.url + '/api/v1/public/feedback/AAAAAAAAAAAA/reopen', json({ reason: 1 }));
		expect(reopen.status).toBe(400);
	});

	test('the portal form: bad input comes back with the message, the honeypot stores nothing, text is escaped', async () => {
		const before = (await officerItems()).size;
		const post = (fields: Record<string, string>) => rawRequest(app.url, { path: '/portal/16108/feedback?/submit', ...form(fields) });
		const cases: [Record<string, string>, string][] = [
			[{ title: '', body: 'x' }, t('vi', 'feedback.titleRequired')],
			[{ title: 'a', body: 'x'.repeat(5001) }, t('vi', 'feedback.bodyTooLong')],
			[{ title: 'a', body: 'b', phone: SQL }, t('vi', 'feedback.phoneInvalid')],
			[{ title: 'a', body: 'b', category: SCRIPT }, t('vi', 'feedback.categoryInvalid')],
			[{ title: 'a', body: 'b', website: 'http://spam.example' }, t('vi', 'feedback.honeypot')],
			[{ title: SCRIPT, body: 'x'.repeat(2_000_000) }, t('vi', 'feedback.bodyTooLong')]
		];
		for (const [fields, message] of cases) {
			const res = await post({ category: 'question', ...fields });
			expect(res.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
			expect(res.body).toContain(message);
			// What was typed comes back escaped in the form, never as markup.
			expect(res.body).not.toContain('<script>window.__xss');
		}
		expect((await officerItems()).size).toBe(before);
		// Wrong shapes of the form itself.
		const notForm = await rawRequest(app.url, { method: 'POST', path: '/portal/16108/feedback?/submit', headers: { 'content-type': 'application/json', accept: 'text/html', origin: app.url }, body: '{}' });
		expect(notForm.status).toBeLessThan(500);
		const unknown = await rawRequest(app.url, { path: '/portal/KHONGCO/feedback?/submit', ...form({ title: 'a', body: 'b' }) });
		expect(unknown.status).toBeLessThan(500);
		const track = await rawRequest(app.url, { path: '/portal/16108/feedback?/track', ...form({ code: SCRIPT }) });
		expect(track.status).toBe(404);
		expect(track.body).toContain(t('vi', 'feedback.codeNotFound'));
		expect(track.body).not.toContain('<script>window.__xss');
		const reopen = await rawRequest(app.url, { path: '/portal/16108/feedback?/reopen', ...form({ code: 'AAAAAAAAAAAA', reason: '' }) });
		expect(reopen.status).toBe(400);
	});

	test('published Q&A with script in it is escaped on the portal', async () => {
		const sent = await postFeedback({ unit: '16108', title: 'Hỏi công khai', body: 'Nội dung', publish: true });
		expect(sent.status).toBe(201);
		const item = (await officerItems()).get(sent.body.trackingCode!)!;
		const auth = { 'content-type': 'application/json', cookie: officer };
		expect((await fetch(`${app.url}/api/v1/feedback/${item.id}/answer`, { method: 'POST', headers: auth, body: JSON.stringify({ answer: 'Trả lời ' + SCRIPT }) })).status).toBe(200);
		expect((await fetch(`${app.url}/api/v1/feedback/${item.id}/publish`, { method: 'POST', headers: auth, body: JSON.stringify({ published: true, question: 'Câu hỏi ' + SCRIPT }) })).status).toBe(200);
		const html = await (await fetch(app.url + '/portal/16108/feedback')).text();
		expect(html).toMatch(/Câu hỏi &lt;script(&gt;|>)window\.__xss=1&lt;\/script/);
		expect(html).not.toContain('<script>window.__xss');
		const page = await (await browser.newContext()).newPage();
		await page.goto(app.url + '/portal/16108/feedback');
		expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
	});

	test('a flood of submissions: the first are stored, the rest refused with 429, none lost, no 5xx', async () => {
		const sent = await Promise.all(
			Array.from({ length: 40 }, (_, i) => postFeedback({ unit: '16108', title: `Phản ánh dồn dập số ${i}`, body: `Nội dung khác nhau ${i} ${Math.random()}` }))
		);
		const statuses = sent.map((s) => s.status);
		expect(statuses.every((s) => s === 201 || s === 429), statuses.join(',')).toBe(true);
		const acknowledged = sent.filter((s) => s.status === 201).map((s) => s.body.trackingCode!);
		expect(acknowledged.length).toBeGreaterThan(0);
		expect(statuses).toContain(429);
		expect([t('vi', 'feedback.tooMany'), t('en', 'feedback.tooMany')]).toContain(sent.find((s) => s.status === 429)!.body.error!.message);
		const stored = await officerItems();
		for (const code of acknowledged) expect(stored.has(code), code).toBe(true);
		// The form is under the same limit.
		const res = await rawRequest(app.url, { path: '/portal/16108/feedback?/submit', ...form({ title: 'Thêm một', body: 'nữa' }) });
		expect(res.status).toBe(429);
	});

	test('a flood of lookups is refused with 429 before codes could be walked', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) statuses.push((await fetch(`${app.url}/api/v1/public/feedback/AAAA${String(i).padStart(8, '2').replace(/[01]/g, '2')}`)).status);
		expect(statuses.every((s) => s === 404 || s === 429), statuses.join(',')).toBe(true);
		expect(statuses.at(-1)).toBe(429);
		const track = await rawRequest(app.url, { path: '/portal/16108/feedback?/track', ...form({ code: 'AAAAAAAAAAAA' }) });
		expect(track.status).toBe(429);
	});
});
