import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { activityFields, buildActivityWorld } from '$lib/server/modules/activities/activities.testing';
import { bandedPng } from '$lib/server/modules/activities/activities.images';
import { GET as list } from './+server';
import { GET as getOne, PUT as putOne } from './[id]/+server';
import { POST as verify } from './[id]/verify/+server';
import { DELETE as removeEvidence, GET as getEvidence, PUT as putEvidence } from './[id]/evidence/[evidenceId]/+server';

describe.each(testDrivers)('activities API (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildActivityWorld>>;

	function event(actor: Actor | null, url: string, params: Record<string, string> = {}, init?: RequestInit): RequestEvent {
		const request = new Request('http://lantoa.test' + url, init);
		return {
			request,
			url: new URL(request.url),
			params,
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	const put = (actor: Actor | null, id: string, body: unknown) => putOne(event(actor, `/api/v1/activities/${id}`, { id }, json('PUT', body)));
	const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details: { path?: string; message: string }[] } }).error;
	const upload = (actor: Actor, id: string, evidenceId: string, query: string, body: BodyInit | null, type = 'image/png') =>
		putEvidence(
			event(actor, `/api/v1/activities/${id}/evidence/${evidenceId}?${query}`, { id, evidenceId }, { method: 'PUT', body, headers: { 'content-type': type } })
		);

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildActivityWorld(database.db);
	});
	afterAll(() => database.close());

	it('PUT creates (201), repeats (200, unchanged), refuses other content (409 with the stored version), updates with the version', async () => {
		const id = randomUUID();
		const body = activityFields('C1-V1', { date: '2026-01-05' });
		const first = await put(w.head11, id, body);
		expect(first.status).toBe(201);
		const stored = await first.json();
		const again = await put(w.head11, id, body);
		expect(again.status).toBe(200);
		expect(await again.json()).toEqual(stored);
		const clash = await put(w.head11, id, { ...body, title: 'Tên khác' });
		expect(clash.status).toBe(409);
		const error = await errorOf(clash);
		expect(error.message).toContain('stored version: 1');
		expect(error.details).toContainEqual({ path: 'version', message: '1' });
		const update = await put(w.head11, id, { ...body, title: 'Tên khác', version: 1 });
		expect(update.status).toBe(200);
		expect(await update.json()).toMatchObject({ title: 'Tên khác', version: 2 });

		const concurrent = randomUUID();
		const answers = await Promise.all(Array.from({ length: 5 }, () => put(w.head11, concurrent, body)));
		expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
		const listed = await (await list(event(w.head11, `/api/v1/activities?from=2026-01-05&to=2026-01-05`))).json();
		expect(listed.items.map((a: { id: string }) => a.id).sort()).toEqual([id, concurrent].sort());
	});

	it('answers bad input and strangers with 4xx, never 500', async () => {
		const id = randomUUID();
		expect((await put(null, id, activityFields('C1-V1'))).status).toBe(401);
		expect((await put(w.head11, 'not-a-uuid', activityFields('C1-V1'))).status).toBe(400);
		expect((await put(w.head11, id, { ...activityFields('C1-V1'), counts: { poor: -3 } })).status).toBe(400);
		const bad = await put(w.head11, id, { ...activityFields('C1-V1'), counts: { poor: 100_001 } });
		expect(await errorOf(bad)).toMatchObject({ code: 'VALIDATION', details: [{ path: 'counts.poor', message: expect.stringContaining('100,000') }] });
		expect((await put(w.head11, id, 'garbage')).status).toBe(400);
		expect((await put(w.head11, id, [1, 2])).status).toBe(400);
		expect((await put(w.head11, id, { ...activityFields('C1-V1'), date: '2026-13-01' })).status).toBe(400);
		expect((await put(w.head11, id, activityFields('C2-V1'))).status).toBe(403);
		const other = await putOne(event(w.head11, `/api/v1/activities/${id}`, { id }, { method: 'PUT', body: 'x', headers: { 'content-type': 'text/plain' } }));
		expect(other.status).toBe(415);
		expect((await getOne(event(w.head11, `/api/v1/activities/${randomUUID()}`, { id: randomUUID() }))).status).toBe(404);
		expect((await list(event(w.head11, '/api/v1/activities?period=zzz'))).status).toBe(400);
		expect((await list(event(w.head11, '/api/v1/activities?limit=100000'))).status).toBe(400);
		expect((await list(event(w.head11, '/api/v1/activities?status=lost'))).status).toBe(400);
		expect((await verify(event(w.head11, `/api/v1/activities/x/verify`, { id: 'x' }, { method: 'POST' }))).status).toBe(400);
	});

	it('verify: the commune officer verifies a done activity; the village head may not', async () => {
		const id = randomUUID();
		await put(w.head11, id, activityFields('C1-V1', { date: '2026-02-02' }));
		const refused = await verify(event(w.head11, `/api/v1/activities/${id}/verify`, { id }, { method: 'POST' }));
		expect(refused.status).toBe(403);
		const ok = await verify(event(w.officer1, `/api/v1/activities/${id}/verify`, { id }, { method: 'POST' }));
		expect(ok.status).toBe(200);
		expect(await ok.json()).toMatchObject({ status: 'verified' });
		expect((await verify(event(w.officer1, `/api/v1/activities/${id}/verify`, { id }, { method: 'POST' }))).status).toBe(409);
		expect((await getOne(event(w.officer2, `/api/v1/activities/${id}`, { id }))).status).toBe(403);
	});

	it('evidence: stored by id and recognised by content; a repeat is the stored one, other bytes a conflict; downloads scope-checked', async () => {
		const id = randomUUID();
		await put(w.head11, id, activityFields('C1-V1', { date: '2026-02-03' }));
		const photo = bandedPng(8, 6, [
			[200, 30, 30],
			[250, 220, 0]
		]);
		const evidenceId = randomUUID();
		const first = await upload(w.head11, id, evidenceId, 'kind=photo&caption=H%E1%BB%8Dp%20th%C3%B4n&name=hop-thon.png', photo);
		expect(first.status).toBe(201);
		const ev = await first.json();
		expect(ev).toMatchObject({ id: evidenceId, kind: 'photo', caption: 'Họp thôn', file: { name: 'hop-thon.png', mime: 'image/png', size: photo.byteLength } });
		expect((await upload(w.head11, id, evidenceId, 'kind=photo&name=hop-thon.png', photo)).status).toBe(200);
		const other = bandedPng(8, 6, [[0, 0, 200]]);
		expect((await upload(w.head11, id, evidenceId, 'kind=photo', other)).status).toBe(409);

		const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
		const fake = await upload(w.head11, id, randomUUID(), 'kind=photo&name=anh.jpg', html, 'image/jpeg');
		expect(fake.status).toBe(415);
		expect((await upload(w.head11, id, randomUUID(), 'kind=photo', null)).status).toBe(400);
		expect((await upload(w.head11, id, randomUUID(), 'kind=link&url=javascript:alert(1)', null)).status).toBe(400);
		expect((await upload(w.head11, id, randomUUID(), 'kind=video', photo)).status).toBe(400);
		const link = await upload(w.head11, id, randomUUID(), `kind=link&url=${encodeURIComponent('https://habinh.example.vn/tin-tuc/hop-thon')}`, null);
		expect(link.status).toBe(201);
		expect((await upload(w.head12, id, randomUUID(), 'kind=photo', photo)).status).toBe(403);

		const download = await getEvidence(event(w.officer1, `/api/v1/activities/${id}/evidence/${evidenceId}`, { id, evidenceId }));
		expect(download.status).toBe(200);
		expect(download.headers.get('content-type')).toBe('image/png');
		expect(new Uint8Array(await download.arrayBuffer())).toEqual(photo);
		expect((await getEvidence(event(w.officer2, `/api/v1/activities/${id}/evidence/${evidenceId}`, { id, evidenceId }))).status).toBe(403);

		const view = await (await getOne(event(w.head11, `/api/v1/activities/${id}`, { id }))).json();
		expect(view.evidence.map((e: { kind: string }) => e.kind)).toEqual(['photo', 'link']);
		expect((await removeEvidence(event(w.head12, `/x`, { id, evidenceId }, { method: 'DELETE' }))).status).toBe(403);
		expect((await removeEvidence(event(w.head11, `/x`, { id, evidenceId }, { method: 'DELETE' }))).status).toBe(204);
		expect((await getEvidence(event(w.officer1, `/x`, { id, evidenceId }))).status).toBe(404);
	});
});
