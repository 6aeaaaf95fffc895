import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { en } from '$lib/i18n/en';
import { buildOpenApi } from '$lib/server/api/openapi';
import { activityFields, buildActivityWorld } from '$lib/server/modules/activities/activities.testing';
import { PUT as putActivity } from '../activities/[id]/+server';
import { GET as list, POST as open } from './+server';
import { GET as getOne, PUT as save } from './[id]/+server';
import { POST as step } from './[id]/[step]/+server';
import { GET as records } from './[id]/figures/[code]/records/+server';

describe.each(testDrivers)('reports API (%s)', (driver) => {
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
	const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
	const opened = async (actor: Actor, form: string, unit: string, period: string) =>
		(await (await open(event(actor, '/api/v1/reports', {}, json('POST', { form, unit, period })))).json()).id as string;
	const doStep = (actor: Actor, id: string, name: string, body: unknown) => step(event(actor, `/api/v1/reports/${id}/${name}`, { id, step: name }, json('POST', body)));

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildActivityWorld(database.db);
	});
	afterAll(() => database.close());

	it('lists what the actor may see with unit code and name, period, form and status; one report with its figures and the way to their records', async () => {
		const id = await opened(w.officer1, 'commune_quarterly', 'C1', '2026Q1');
		await opened(w.officer2, 'commune_quarterly', 'C2', '2026Q1');
		const activity = randomUUID();
		expect((await putActivity(event(w.head11, `/api/v1/activities/${activity}`, { id: activity }, json('PUT', activityFields('C1-V1'))))).status).toBe(201);

		const mine = await (await list(event(w.officer1, '/api/v1/reports?period=2026Q1'))).json();
		expect(mine.items).toEqual([expect.objectContaining({ id, unit: { code: 'C1', name: 'Xã Một', level: 'commune' }, period: expect.objectContaining({ key: '2026Q1' }), form: expect.objectContaining({ code: 'commune_quarterly' }), status: 'draft' })]);
		const province = await (await list(event(w.province1, '/api/v1/reports'))).json();
		expect(province.items.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['C1']);
		expect((await (await list(event(w.head11, '/api/v1/reports'))).json()).items).toEqual([]);

		const one = await getOne(event(w.officer1, `/api/v1/reports/${id}`, { id }));
		expect(one.status).toBe(200);
		const body = await one.json();
		const dialogues = body.figures.find((f: { code: string }) => f.code === 'dialogues_held');
		expect(dialogues).toMatchObject({ value: 1, status: 'computed', records: { api: `/api/v1/reports/${id}/figures/dialogues_held/records` } });
		const behind = await (await records(event(w.officer1, dialogues.records.api, { id, code: 'dialogues_held' }))).json();
		expect(behind.activities.map((a: { id: string }) => a.id)).toEqual([activity]);

		expect((await getOne(event(w.officer2, `/api/v1/reports/${id}`, { id }))).status).toBe(403);
		expect((await getOne(event(w.head11, `/api/v1/reports/${id}`, { id }))).status).toBe(403);
		expect((await records(event(w.officer2, dialogues.records.api, { id, code: 'dialogues_held' }))).status).toBe(403);
		expect((await getOne(event(null, `/api/v1/reports/${id}`, { id }))).status).toBe(401);
	});

	it('refuses bad input with a clear message, never a 500', async () => {
		const id = await opened(w.officer1, 'commune_quarterly', 'C1', '2026Q2');
		const badPeriod = await list(event(w.officer1, '/api/v1/reports?period=2026Q9'));
		expect(badPeriod.status).toBe(400);
		expect((await list(event(w.officer1, '/api/v1/reports?status=done'))).status).toBe(400);
		expect((await list(event(w.officer1, '/api/v1/reports?limit=-1'))).status).toBe(400);
		expect((await getOne(event(w.officer1, '/api/v1/reports/xyz', { id: 'xyz' }))).status).toBe(404);
		expect((await getOne(event(w.officer1, `/api/v1/reports/${randomUUID()}`, { id: randomUUID() }))).status).toBe(404);
		const wrongType = await open(event(w.officer1, '/api/v1/reports', {}, json('POST', { form: 'commune_quarterly', unit: 'C1', period: '2026-04' })));
		expect(wrongType.status).toBe(400);
		expect((await errorOf(wrongType)).message).toContain('is not of the form’s period type');
		expect((await open(event(w.officer1, '/api/v1/reports', {}, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } }))).status).toBe(400);
		expect((await save(event(w.officer1, `/api/v1/reports/${id}`, { id }, json('PUT', { version: 1, manualFigures: { communicators_network: 'many' } })))).status).toBe(400);
		expect((await save(event(w.officer1, `/api/v1/reports/${id}`, { id }, json('PUT', { version: 7, manualFigures: {} })))).status).toBe(409);
		expect((await doStep(w.officer1, id, 'fly', { version: 1 })).status).toBe(400);
		expect((await doStep(w.officer1, id, 'submit', {})).status).toBe(400);
		const noNote = await doStep(w.officer1, id, 'submit', { version: 1 });
		expect(noNote.status).toBe(400);
		expect((await errorOf(noNote)).message).toContain('Reports are still missing from: Thôn Một, Thôn Hai');
		expect((await doStep(w.officer1, id, 'approve', { version: 1 })).status).toBe(403);
		expect((await doStep(w.officer1, id, 'submit', { version: 1, missingNote: 'Hai thôn chưa gửi.' })).status).toBe(200);
		const noComment = await doStep(w.province1, id, 'return', { version: 2 });
		expect(noComment.status).toBe(400);
		expect((await doStep(w.province1, id, 'accept', { version: 2 })).status).toBe(409);
	});

	it('a write into an approved report’s period is a 423 with the message naming the report and who unlocks; allowed after unlock', async () => {
		const id = await opened(w.officer1, 'commune_quarterly', 'C1', '2025Q4');
		expect((await doStep(w.officer1, id, 'submit', { version: 1, missingNote: 'Thôn chưa gửi.' })).status).toBe(200);
		expect((await doStep(w.chair1, id, 'approve', { version: 2 })).status).toBe(200);
		const activity = randomUUID();
		const refused = await putActivity(event(w.head11, `/api/v1/activities/${activity}`, { id: activity }, json('PUT', activityFields('C1-V1', { date: '2025-11-20' }))));
		expect(refused.status).toBe(423);
		const error = await errorOf(refused);
		expect(error.code).toBe('LOCKED');
		expect(error.message).toBe(
			en['reports.lock.closed'].replace('{unit}', 'Xã Một').replace('{period}', '2025Q4').replace('{form}', 'Báo cáo quý của xã về công tác thông tin, tuyên truyền giảm nghèo').replace('{parent}', 'Tỉnh Một')
		);
		expect((await doStep(w.officer1, id, 'unlock', { version: 3, reason: 'Sửa' })).status).toBe(403);
		expect((await doStep(w.province1, id, 'unlock', { version: 3 })).status).toBe(400);
		const unlocked = await doStep(w.province1, id, 'unlock', { version: 3, reason: 'Thôn Một bổ sung một buổi họp.' });
		expect(unlocked.status).toBe(200);
		expect(await unlocked.json()).toMatchObject({ status: 'returned', lock: null, history: expect.arrayContaining([expect.objectContaining({ action: 'unlocked', comment: 'Thôn Một bổ sung một buổi họp.' })]) });
		expect((await putActivity(event(w.head11, `/api/v1/activities/${activity}`, { id: activity }, json('PUT', activityFields('C1-V1', { date: '2025-11-20' }))))).status).toBe(201);
	});

	it('every report route is in the OpenAPI document', () => {
		const modules = import.meta.glob<Record<string, unknown>>('/src/routes/api/v1/reports/**/+server.ts', { eager: true });
		const doc = buildOpenApi(modules) as { paths: Record<string, Record<string, unknown>> };
		expect(Object.keys(doc.paths['/api/v1/reports'])).toEqual(expect.arrayContaining(['get', 'post']));
		expect(Object.keys(doc.paths['/api/v1/reports/{id}'])).toEqual(expect.arrayContaining(['get', 'put']));
		expect(doc.paths['/api/v1/reports/{id}/{step}']).toHaveProperty('post');
		expect(doc.paths['/api/v1/reports/{id}/figures/{code}/records']).toHaveProperty('get');
	});
});
