import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import type { Handler } from '$lib/server/api/endpoint';
import { buildOpenApi } from '$lib/server/api/openapi';
import { buildContent, buildContentWorld } from '$lib/server/modules/content/content.fixtures';
import { plainPdf } from '$lib/server/modules/content/content.leaflet-docx';
import * as list from './+server';
import * as one from './[id]/+server';
import * as submit from './[id]/submit/+server';
import * as approve from './[id]/approve/+server';
import * as ret from './[id]/return/+server';
import * as publish from './[id]/publish/+server';
import * as pdf from './[id]/pdf/+server';
import * as generate from './[id]/pdf/generate/+server';
import * as printRuns from './[id]/print-runs/+server';
import * as distributions from './[id]/distributions/+server';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe.each(testDrivers)('content API (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildContentWorld>>;

	function call(
		handler: Handler,
		actor: Actor | null,
		opts: { url: string; params?: Record<string, string>; method?: string; body?: unknown; raw?: BodyInit; type?: string; locale?: 'vi' | 'en' }
	) {
		const init: RequestInit & { duplex?: string } = { method: opts.method ?? 'GET', headers: {} };
		if (opts.raw !== undefined || opts.body !== undefined) {
			init.body = opts.raw ?? JSON.stringify(opts.body);
			(init.headers as Record<string, string>)['content-type'] = opts.type ?? 'application/json';
		}
		const request = new Request('http://lantoa.test' + opts.url, init);
		const event = {
			request,
			url: new URL(request.url),
			params: opts.params ?? {},
			locals: { actor, apiLocale: opts.locale ?? 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
		return handler(event);
	}
	const json = async (res: Response) => ({ status: res.status, body: await res.json() });
	const post = (handler: Handler, actor: Actor, id: string, body?: unknown, locale?: 'vi' | 'en') =>
		call(handler, actor, { url: `/api/v1/content/${id}`, params: { id }, method: 'POST', body, locale }).then(json);

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildContentWorld(database.db);
	});
	afterAll(() => database.close());

	it('an officer writes and submits a bulletin, the chair approves, the officer publishes; another commune gets 404', async () => {
		const { officer, leader, otherOfficer } = world.actors;
		const created = await json(
			await call(list.POST, officer, { url: '/api/v1/content', method: 'POST', body: { unit: 'C1', kind: 'bulletin', title: 'Bão số 3', body: 'Gia cố nhà cửa trước 18 giờ.', priority: 'emergency' } })
		);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ unit: 'C1', kind: 'bulletin', status: 'draft', priority: 'emergency' });
		const id = created.body.id as string;
		expect((await post(submit.POST, officer, id)).body.status).toBe('in_review');
		expect((await post(approve.POST, officer, id)).status).toBe(403);
		const approved = await post(approve.POST, leader, id);
		expect(approved.body).toMatchObject({ status: 'approved', approvedBy: { id: leader.userId } });
		expect((await post(publish.POST, officer, id)).body).toMatchObject({ status: 'published', publishedBy: { id: officer.userId } });
		expect((await post(publish.POST, officer, id)).status).toBe(409);

		const got = await json(await call(one.GET, otherOfficer, { url: `/api/v1/content/${id}`, params: { id } }));
		expect(got.status).toBe(404);
		expect(got.body.error.code).toBe('NOT_FOUND');
		for (const h of [submit.POST, approve.POST, publish.POST]) expect((await post(h, otherOfficer, id)).status).toBe(404);
		const listed = await json(await call(list.GET, otherOfficer, { url: '/api/v1/content?limit=200' }));
		expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
		const mine = await json(await call(list.GET, leader, { url: '/api/v1/content?kind=bulletin&status=published&unit=C1' }));
		expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(id);
	});

	it('PATCH changes a draft; after approval it sends the item back to draft', async () => {
		const item = await buildContent(world, { status: 'approved', kind: 'article', title: 'Hội chợ việc làm' });
		const res = await json(
			await call(one.PATCH, world.actors.officer, { url: `/api/v1/content/${item.id}`, params: { id: item.id }, method: 'PATCH', body: { summary: 'Sáng Chủ nhật tại nhà văn hóa xã.' } })
		);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ status: 'draft', approvedBy: null, summary: 'Sáng Chủ nhật tại nhà văn hóa xã.' });
	});

	it('answers bad input on every route with 4xx and a message in the language asked', async () => {
		const { officer, leader } = world.actors;
		const draft = await buildContent(world, { title: 'Nháp' });
		const leaflet = await buildContent(world, { kind: 'leaflet', title: 'Tờ rơi', status: 'approved' });
		const get = (handler: Handler, url: string, params?: Record<string, string>, locale: 'vi' | 'en' = 'en') => call(handler, officer, { url, params, locale }).then(json);

		const badList = await get(list.GET, '/api/v1/content?kind=poster&status=gone&limit=0', undefined, 'vi');
		expect(badList.status).toBe(400);
		expect(badList.body.error.message).toMatch(/không hợp lệ|Dữ liệu/i);
		expect((await get(list.GET, '/api/v1/content?unit=NO-SUCH')).status).toBe(400);
		expect((await call(list.GET, null, { url: '/api/v1/content' })).status).toBe(401);

		const postList = (body: unknown, raw?: string) => call(list.POST, officer, { url: '/api/v1/content', method: 'POST', body, raw }).then(json);
		expect((await postList({ unit: 'C1', kind: 'article' })).status).toBe(400);
		const priority = await postList({ unit: 'C1', kind: 'article', title: 'x', priority: 'emergency' });
		expect(priority).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('Only loudspeaker bulletins') } } });
		expect((await postList({ unit: 'C1', kind: 'article', title: 'x', extra: 1 })).status).toBe(400);
		expect((await postList(undefined, '{not json')).status).toBe(400);
		expect((await call(list.POST, officer, { url: '/api/v1/content', method: 'POST', raw: 'x', type: 'text/plain' })).status).toBe(415);
		expect((await call(list.POST, world.actors.otherOfficer, { url: '/api/v1/content', method: 'POST', body: { unit: 'C1', kind: 'article', title: 'x' } })).status).toBe(403);

		expect((await get(one.GET, '/api/v1/content/nope', { id: 'nope' })).status).toBe(400);
		expect((await get(one.GET, `/api/v1/content/${NOBODY}`, { id: NOBODY })).status).toBe(404);
		const patch = (body: unknown) => call(one.PATCH, officer, { url: `/api/v1/content/${draft.id}`, params: { id: draft.id }, method: 'PATCH', body }).then(json);
		expect((await patch({ title: '' })).status).toBe(400);
		expect((await patch({ kind: 'article' })).status).toBe(400);
		expect((await patch({ audiences: ['nobody-knows'] })).status).toBe(400);

		for (const h of [submit.POST, approve.POST, publish.POST, ret.POST]) {
			expect((await post(h, leader, 'nope')).status).toBe(400);
			expect((await post(h, leader, NOBODY, { comment: 'x' })).status).toBe(404);
		}
		const noComment = await post(ret.POST, leader, draft.id, { comment: '' }, 'vi');
		expect(noComment.status).toBe(400);
		expect(noComment.body.error.details[0]).toMatchObject({ path: 'comment', message: 'Mục này không được để trống.' });
		expect((await post(ret.POST, leader, draft.id, { comment: 'Sửa lại' })).status).toBe(409);

		// PDF: none yet, bad ids, a PNG is 415, an empty body 400, a bulletin has no PDF.
		expect((await json(await call(pdf.GET, officer, { url: '/x', params: { id: leaflet.id } }))).status).toBe(404);
		expect((await json(await call(pdf.GET, officer, { url: '/x', params: { id: 'nope' } }))).status).toBe(400);
		const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
		const put = (id: string, raw: BodyInit, who = officer) => call(pdf.PUT, who, { url: '/x', params: { id }, method: 'PUT', raw, type: 'application/pdf' }).then(json);
		expect((await put(leaflet.id, png)).status).toBe(415);
		expect((await put(leaflet.id, new Uint8Array())).status).toBe(400);
		expect((await put(draft.id, new Uint8Array(plainPdf(['x'])))).status).toBe(400);
		expect((await put(leaflet.id, new Uint8Array(plainPdf(['x'])), world.actors.otherOfficer)).status).toBe(404);
		const uploaded = await call(pdf.PUT, officer, { url: '/x', params: { id: leaflet.id }, method: 'PUT', raw: new Uint8Array(plainPdf(['Tờ rơi'])), type: 'application/pdf' });
		expect(uploaded.status).toBe(200);
		const download = await call(pdf.GET, world.actors.village, { url: '/x', params: { id: leaflet.id } });
		// The upload sent the approved leaflet back to draft: the village head no longer reads it.
		expect(download.status).toBe(404);
		const ok = await call(pdf.GET, leader, { url: '/x', params: { id: leaflet.id } });
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await ok.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

		expect((await post(generate.POST, officer, leaflet.id, { size: 'A3' })).status).toBe(400);
		expect((await post(generate.POST, officer, draft.id, { size: 'A4' })).status).toBe(400);
		expect((await post(generate.POST, officer, NOBODY, {})).status).toBe(404);

		const released = await buildContent(world, { kind: 'leaflet', title: 'Tờ rơi in', status: 'published' });
		const printed = await post(printRuns.POST, officer, released.id, { printedOn: '2026-01-05', quantity: 100, cost: 200000 });
		expect(printed).toMatchObject({ status: 201, body: { printing: { printed: 100 } } });
		expect((await post(printRuns.POST, officer, released.id, { printedOn: '2026-01-05', quantity: 0 })).status).toBe(400);
		expect((await post(printRuns.POST, officer, released.id, { printedOn: '05/01/2026', quantity: 5 })).status).toBe(400);
		expect((await post(printRuns.POST, officer, released.id, { printedOn: '2026-01-05', quantity: 5, cost: -1 })).status).toBe(400);
		expect((await post(printRuns.POST, officer, draft.id, { printedOn: '2026-01-05', quantity: 5 })).status).toBe(400);
		const over = await post(distributions.POST, officer, released.id, { village: 'C1-V1', quantity: 101, distributedOn: '2026-01-06' }, 'vi');
		expect(over.status).toBe(400);
		expect(over.body.error.message).toContain('đã in 100');
		expect((await post(distributions.POST, officer, released.id, { village: 'C2-V1', quantity: 1, distributedOn: '2026-01-06' })).status).toBe(400);
		expect((await post(distributions.POST, officer, released.id, { village: 'C1-V1', quantity: 1.5, distributedOn: '2026-01-06' })).status).toBe(400);
		expect((await post(distributions.POST, officer, released.id, { village: 'C1-V1', quantity: 40, distributedOn: '2026-01-06' })).status).toBe(201);
	});

	it('every content route is in the OpenAPI document', () => {
		const modules = import.meta.glob<Record<string, unknown>>('/src/routes/api/v1/content/**/+server.ts', { eager: true });
		const doc = buildOpenApi(modules) as { paths: Record<string, Record<string, unknown>> };
		expect(Object.keys(doc.paths['/api/v1/content'])).toEqual(expect.arrayContaining(['get', 'post']));
		expect(Object.keys(doc.paths['/api/v1/content/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
		for (const s of ['submit', 'approve', 'return', 'publish']) expect(doc.paths[`/api/v1/content/{id}/${s}`]).toHaveProperty('post');
		expect(Object.keys(doc.paths['/api/v1/content/{id}/pdf'])).toEqual(expect.arrayContaining(['get', 'put']));
	});
});
