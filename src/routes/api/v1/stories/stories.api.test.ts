import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import type { Handler } from '$lib/server/api/endpoint';
import { buildOpenApi } from '$lib/server/api/openapi';
import { buildStory, buildStoryWorld, type StoryWorld } from '$lib/server/modules/stories/stories.testing';
import * as list from './+server';
import * as one from './[id]/+server';
import * as pub from '../public/stories/+server';

describe.each(testDrivers)('stories API (%s)', (driver) => {
	let database: Database;
	let world: StoryWorld;

	function call(handler: Handler, actor: Actor | null, url: string, params: Record<string, string> = {}, locale: 'vi' | 'en' = 'en') {
		const request = new Request('http://lantoa.test' + url);
		const event = {
			request,
			url: new URL(request.url),
			params,
			locals: { actor, apiLocale: locale, locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
		return handler(event).then(async (res) => ({ status: res.status, body: await res.json() }));
	}

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildStoryWorld(database.db);
	});
	afterAll(() => database.close());

	it('lists and shows stories in scope; another commune gets an empty list and 404; no session is 401', async () => {
		const { officer, otherOfficer } = world.actors;
		const draft = await buildStory(world, { title: 'Chuyện nháp của xã Một' });
		const mine = await call(list.GET, officer, '/api/v1/stories?status=draft');
		expect(mine.status).toBe(200);
		expect(mine.body.items.map((s: { id: string }) => s.id)).toContain(draft.id);
		expect((await call(list.GET, otherOfficer, '/api/v1/stories')).body.items).toEqual([]);
		expect((await call(one.GET, officer, `/api/v1/stories/${draft.id}`, { id: draft.id })).body).toMatchObject({ id: draft.id, consents: [expect.objectContaining({ personName: 'Trần Thị Thử' })] });
		expect((await call(one.GET, otherOfficer, `/api/v1/stories/${draft.id}`, { id: draft.id })).status).toBe(404);
		expect((await call(one.GET, officer, '/api/v1/stories/x', { id: "1' OR 1=1" })).status).toBe(400);
		expect((await call(list.GET, null, '/api/v1/stories')).status).toBe(401);
		const bad = await call(list.GET, officer, '/api/v1/stories?status=%3Cscript%3E&limit=abc', {}, 'vi');
		expect(bad.status).toBe(400);
		expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['limit', 'status']);
		expect(bad.body.error.details.find((d: { path: string }) => d.path === 'status').message).toBe('Trạng thái không hợp lệ.');
	});

	it('the public list shows published stories only, of the unit and below, and refuses bad queries with 400/404, never 5xx, even in a flood', async () => {
		const published = await buildStory(world, { status: 'published', title: 'Chuyện đã đăng <b>đậm</b>' });
		const approved = await buildStory(world, { status: 'approved', title: 'Chuyện đã duyệt chưa đăng' });
		const province = await call(pub.GET, null, '/api/v1/public/stories?unit=P1');
		expect(province.status).toBe(200);
		const ids = province.body.items.map((s: { id: string }) => s.id);
		expect(ids).toContain(published.id);
		expect(ids).not.toContain(approved.id);
		expect(province.body.items[0]).not.toHaveProperty('consents');
		expect(province.body.items[0]).not.toHaveProperty('writer');
		expect((await call(pub.GET, null, '/api/v1/public/stories?unit=P2')).body.items).toEqual([]);
		for (const q of ['', '?unit=', "?unit=P1'%20OR%201=1--", '?unit=%3Cscript%3E', `?unit=${'A'.repeat(5000)}`, '?unit=P1&limit=-1', '?unit=P1&offset=abc', '?unit=P1&limit=1e9'])
			expect((await call(pub.GET, null, '/api/v1/public/stories' + q)).status, q).toBe(400);
		expect((await call(pub.GET, null, '/api/v1/public/stories?unit=NOPE')).status).toBe(404);
		const flood = await Promise.all(Array.from({ length: 150 }, (_, i) => call(pub.GET, null, `/api/v1/public/stories?unit=${i % 3 ? 'C1' : '%00'}`)));
		expect(flood.every((r) => r.status === 200 || r.status === 400)).toBe(true);
		expect(flood.filter((r) => r.status === 200).length).toBe(100);
	});

	it('is described in the OpenAPI document', () => {
		const doc = buildOpenApi({ '/src/routes/api/v1/stories/+server.ts': list, '/src/routes/api/v1/stories/[id]/+server.ts': one, '/src/routes/api/v1/public/stories/+server.ts': pub });
		expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/stories', '/api/v1/stories/{id}', '/api/v1/public/stories']));
	});
});
