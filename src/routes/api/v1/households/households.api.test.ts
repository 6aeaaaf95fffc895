import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { readTable } from '$lib/server/files/tabular';
import { buildHousehold, buildHouseholdWorld } from '$lib/server/modules/households/households.testing';
import { GET as list, POST as create } from './+server';
import { GET as counts } from './counts/+server';
import { GET as getOne, PUT as putOne } from './[id]/+server';
import { PUT as classify } from './[id]/classifications/[year]/+server';
import { POST as consent } from './[id]/consents/+server';
import { GET as accessLog } from './[id]/access-log/+server';
import { GET as duplicates } from './duplicates/+server';
import { POST as merge } from './duplicates/[flagId]/merge/+server';
import { POST as dismiss } from './duplicates/[flagId]/dismiss/+server';
import { GET as exportList } from './export/+server';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(testDrivers)('households API (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	let an: string;

	/** The request as the endpoint wrapper sees it after hooks.server.ts: actor and locale resolved. */
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
	const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details: { path?: string; message: string }[] } }).error;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildHouseholdWorld(database.db);
		an = (
			await buildHousehold(database.db, {
				villageCode: 'C1-V1',
				headName: 'Nguyễn Văn An',
				birthYear: 1968,
				phone: '0912345678',
				idNumber: '001234567789',
				classification: { year: 2025, category: 'poor' }
			})
		).id;
	});
	afterAll(() => database.close());

	it('lists and searches for those who read names; counts-only roles get a 403 pointing to the counts', async () => {
		const res = await list(event(w.head11, '/api/v1/households?q=nguyen%20van%20aan&purpose=door_to_door'));
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ items: [{ id: an, headName: 'Nguyễn Văn An', phone: '09•••••678', category: null }], hasMore: false });
		const refused = await list(event(w.province1, '/api/v1/households'));
		expect(refused.status).toBe(403);
		expect((await errorOf(refused)).message).toContain('/api/v1/households/counts');
		const c = await counts(event(w.province1, '/api/v1/households/counts?year=2025'));
		expect(c.status).toBe(200);
		expect(await c.json()).toEqual({
			items: [{ villageCode: 'C1-V1', villageName: 'Thôn Một', communeCode: 'C1', communeName: 'Xã Một', year: 2025, category: 'poor', households: 1, members: 0 }]
		});
		expect((await counts(event(w.province1, '/api/v1/households/counts?unit=C2'))).status).toBe(403);
		expect((await list(event(null, '/api/v1/households'))).status).toBe(401);
	});

	it('creates, reads (masked per role), updates, classifies and records consent', async () => {
		const created = await create(event(w.officer1, '/api/v1/households', {}, json('POST', { villageCode: 'C1-V2', headName: 'Trần Thị Hoa', members: 3, phone: '+84 987 654 321' })));
		expect(created.status).toBe(201);
		const body = await created.json();
		expect(body).toMatchObject({ villageCode: 'C1-V2', phone: '0987654321', masked: false, duplicateFlags: [] });
		const id = body.id as string;
		expect(await (await getOne(event(w.viewer1, `/api/v1/households/${id}`, { id }))).json()).toMatchObject({ phone: '09•••••321', masked: true });
		const put = await putOne(event(w.officer1, `/api/v1/households/${id}`, { id }, json('PUT', { members: 4, notes: 'nhà gần trường' })));
		expect(await put.json()).toMatchObject({ members: 4, notes: 'nhà gần trường', headName: 'Trần Thị Hoa' });
		const cl = await classify(event(w.officer1, `/api/v1/households/${id}/classifications/2027`, { id, year: '2027' }, json('PUT', { category: 'near_poor', lacking: ['telecom_use'] })));
		expect(await cl.json()).toEqual({ year: 2027, category: 'near_poor', standardCode: 'nd351_2025', lacking: ['telecom_use'] });
		const co = await consent(event(w.officer1, `/api/v1/households/${id}/consents`, { id }, json('POST', { granted: true, channels: ['zalo'] })));
		expect(co.status).toBe(201);
		expect(await co.json()).toMatchObject({ granted: true, channels: ['zalo'] });
		const log = await accessLog(event(w.officer1, `/api/v1/households/${id}/access-log`, { id }));
		expect((await log.json()).items).toEqual([expect.objectContaining({ actor: w.viewer1.username, screen: 'api', purpose: 'api' })]);
		expect((await accessLog(event(w.head11, `/api/v1/households/${an}/access-log`, { id: an }))).status).toBe(403);
	});

	it('answers bad input with 400 and the details of each field, in the error shape', async () => {
		const bad = await create(
			event(w.officer1, '/api/v1/households', {}, json('POST', { villageCode: 'C1-V1', headName: 'X', members: -1, birthYear: 2999, phone: '12345', classification: { year: 2025, category: 'rich' } }))
		);
		expect(bad.status).toBe(400);
		const error = await errorOf(bad);
		expect(error.code).toBe('VALIDATION');
		expect(error.details.map((d) => d.path).sort()).toEqual(['birthYear', 'classification.category', 'members', 'phone']);
		expect(error.details.find((d) => d.path === 'phone')?.message).toMatch(/mobile/);
		expect(error.details.find((d) => d.path === 'birthYear')?.message).toBe('Birth year cannot be in the future.');
		const indicator = await classify(event(w.officer1, `/api/v1/households/${an}/classifications/2025`, { id: an, year: '2025' }, json('PUT', { category: 'poor', lacking: ['owns_a_car'] })));
		expect(indicator.status).toBe(400);
		expect(await errorOf(indicator)).toMatchObject({ code: 'VALIDATION', details: [{ path: 'lacking.0', message: 'owns_a_car' }] });
		expect((await classify(event(w.officer1, `/x`, { id: an, year: '1999' }, json('PUT', { category: 'poor' })))).status).toBe(400);
		expect((await getOne(event(w.officer1, '/x', { id: 'not-a-uuid' }))).status).toBe(400);
		expect((await getOne(event(w.officer1, '/x', { id: '00000000-0000-4000-8000-000000000000' }))).status).toBe(404);
		expect((await getOne(event(w.officer2, '/x', { id: an }))).status).toBe(403);
		expect((await list(event(w.officer1, '/api/v1/households?category=rich'))).status).toBe(400);
		expect((await list(event(w.officer1, '/api/v1/households?notReachedIn=2026Q1'))).status).toBe(400);
		expect((await list(event(w.officer1, '/api/v1/households?village=NOWHERE'))).status).toBe(404);
		const typeless = await create(event(w.officer1, '/api/v1/households', {}, { method: 'POST', body: '{}' }));
		expect(typeless.status).toBe(415);
		expect((await consent(event(w.officer1, '/x', { id: an }, json('POST', { granted: true, channels: [] })))).status).toBe(400);
		expect((await putOne(event(w.officer1, '/x', { id: an }, json('PUT', { phone: '0912' })))).status).toBe(400);
	});

	it('reviews duplicates: list, merge and dismiss by flag', async () => {
		const a = await buildHousehold(database.db, { villageCode: 'C1-V2', headName: 'Lý Văn Sáu', birthYear: 1960 });
		const b = await buildHousehold(database.db, { villageCode: 'C1-V2', headName: 'Ly Van Sau', birthYear: 1960 });
		const c = await buildHousehold(database.db, { villageCode: 'C1-V2', headName: 'LÝ VĂN SÁU', birthYear: 1960 });
		const res = await duplicates(event(w.officer1, '/api/v1/households/duplicates'));
		const flags = (await res.json()).items as { id: string; household: { id: string }; other: { id: string } }[];
		expect(flags.length).toBe(3);
		const ab = flags.find((f) => f.household.id === b.id && f.other.id === a.id)!;
		const refused = await merge(event(w.officer1, '/x', { flagId: ab.id }, json('POST', { keepId: c.id })));
		expect(refused.status).toBe(400);
		const merged = await merge(event(w.officer1, '/x', { flagId: ab.id }, json('POST', { keepId: a.id })));
		expect(merged.status).toBe(200);
		expect(await merged.json()).toMatchObject({ keptId: a.id, mergedId: b.id, flag: { status: 'merged' } });
		const left = (await (await duplicates(event(w.officer1, '/api/v1/households/duplicates'))).json()).items as { id: string }[];
		expect(left.length).toBe(2);
		const d = await dismiss(event(w.officer1, '/x', { flagId: left[0].id }, json('POST', {})));
		expect(await d.json()).toMatchObject({ flag: { status: 'dismissed' } });
		expect((await dismiss(event(w.officer1, '/x', { flagId: left[0].id }, json('POST', {})))).status).toBe(409);
		expect((await merge(event(w.head11, '/x', { flagId: left[1].id }, json('POST', { keepId: a.id })))).status).toBe(403);
	});

	it('exports a filtered list as XLSX, access-logging every household in it', async () => {
		const res = await exportList(event(w.officer1, '/api/v1/households/export?village=C1-V1&category=poor&year=2025&purpose=door_to_door'));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(XLSX);
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ho-gia-dinh-C1-V1-poor-2025-\d{4}-\d{2}-\d{2}\.xlsx"$/);
		const table = await readTable(new Uint8Array(await res.arrayBuffer()));
		expect(table.rows.map((r) => r.values.head_of_household)).toEqual(['Nguyễn Văn An']);
		const log = await accessLog(event(w.officer1, `/x`, { id: an }));
		expect((await log.json()).items[0]).toMatchObject({ screen: 'export', purpose: 'door_to_door' });
		expect((await exportList(event(w.province1, '/api/v1/households/export'))).status).toBe(403);
		expect((await exportList(event(w.officer1, '/api/v1/households/export?limit=5'))).status).toBe(400);
	});
});
