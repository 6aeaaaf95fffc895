import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import type { Handler } from '$lib/server/api/endpoint';
import { buildPlan, buildPlanWorld } from '$lib/server/modules/plans/plans.fixtures';
import type { PlanView } from '$lib/server/modules/plans/plans.schemas';
import { PlanDocument } from '$lib/server/modules/plans/plans.interchange';
import * as list from './+server';
import * as one from './[id]/+server';
import * as submit from './[id]/submit/+server';
import * as ret from './[id]/return/+server';
import * as approve from './[id]/approve/+server';
import * as issue from './[id]/issue/+server';
import * as revise from './[id]/revise/+server';
import * as compare from './[id]/compare/+server';
import * as cascades from './[id]/cascades/+server';
import * as documentRoute from './[id]/document/+server';
import * as tasks from '../tasks/+server';
import * as task from '../tasks/[id]/+server';
import * as catalog from '../catalog/[kind]/+server';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe.each(testDrivers)('plans API (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildPlanWorld>>;
	let admin: Actor;
	let officer: Actor;
	let issued: PlanView;

	/** The request as the endpoint wrapper sees it after hooks.server.ts: actor and locale resolved. */
	function call(handler: Handler, actor: Actor | null, opts: { url: string; params?: Record<string, string>; method?: string; body?: unknown; raw?: string; type?: string }) {
		const init: RequestInit = { method: opts.method ?? 'GET', headers: {} };
		if (opts.raw !== undefined || opts.body !== undefined) {
			init.body = opts.raw ?? JSON.stringify(opts.body);
			(init.headers as Record<string, string>)['content-type'] = opts.type ?? 'application/json';
		}
		const request = new Request('http://lantoa.test' + opts.url, init);
		const event = {
			request,
			url: new URL(request.url),
			params: opts.params ?? {},
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
		return handler(event);
	}
	const json = async (res: Response) => ({ status: res.status, body: await res.json() });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildPlanWorld(database.db);
		admin = world.actors.admin;
		officer = world.actors.officer;
		issued = await buildPlan(database.db, { unitCode: 'P1', year: 2026, status: 'issued' });
	});
	afterAll(() => database.close());

	it('GET /plans/{id} answers the interchange document at the top level; POSTed back it makes an equal plan', async () => {
		const draft = await buildPlan(database.db, { unitCode: 'C1', year: 2026 });
		const got = await json(await call(one.GET, officer, { url: `/api/v1/plans/${draft.id}`, params: { id: draft.id } }));
		expect(got.status).toBe(200);
		expect(got.body).toMatchObject({ id: draft.id, unit: 'C1', status: 'draft', version: 1, issuer: 'UBND xã Một', sections: expect.any(Array) });
		const created = await json(await call(list.POST, officer, { url: '/api/v1/plans', method: 'POST', body: got.body }));
		expect(created.status).toBe(201);
		expect(created.body.id).not.toBe(draft.id);
		const documentOf = (view: unknown) => PlanDocument.parse(view);
		expect(documentOf(created.body)).toEqual(documentOf(got.body));
		// The same with an issued plan of another unit, re-filed as a draft of the commune.
		const province = await json(await call(one.GET, officer, { url: `/api/v1/plans/${issued.id}`, params: { id: issued.id } }));
		const copy = await json(await call(list.POST, officer, { url: '/api/v1/plans', method: 'POST', body: { ...province.body, unit: 'C1' } }));
		expect(copy.status).toBe(201);
		expect(documentOf(copy.body)).toEqual(documentOf(province.body));
		expect(copy.body).toMatchObject({ unit: 'C1', status: 'draft' });
	});

	it('POST /plans makes drafts from the template, a parent plan and an earlier plan', async () => {
		const post = (body: unknown) => call(list.POST, officer, { url: '/api/v1/plans', method: 'POST', body }).then(json);
		const template = await post({ unit: 'C1', template: true, year: 2027 });
		expect(template).toMatchObject({ status: 201, body: { period: { from: 2027, to: 2027 }, status: 'draft' } });
		const cascaded = await post({ unit: 'C1', cascadeFrom: issued.id });
		expect(cascaded).toMatchObject({ status: 201, body: { sourcePlanId: issued.id, basisPlanIds: [issued.id] } });
		const copied = await post({ copyFrom: template.body.id, year: 2029 });
		expect(copied).toMatchObject({ status: 201, body: { period: { from: 2029, to: 2029 }, sourcePlanId: template.body.id } });
		const fromProvince = await json(await call(cascades.GET, world.actors.province, { url: `/api/v1/plans/${issued.id}/cascades`, params: { id: issued.id } }));
		expect(fromProvince.body.items.map((p: { id: string }) => p.id)).toContain(cascaded.body.id);
	});

	it('the workflow over the API: submit, return with a comment, approve, issue, revise, compare; tasks listed and updated', async () => {
		const leader = world.actors.leader;
		const id = (await buildPlan(database.db, { unitCode: 'C1', year: 2026 })).id;
		const step = (h: Handler, actor: Actor, name: string, body?: unknown) =>
			call(h, actor, { url: `/api/v1/plans/${id}/${name}`, method: 'POST', params: { id }, body }).then(json);
		expect(await step(submit.POST, officer, 'submit')).toMatchObject({ status: 200, body: { status: 'submitted' } });
		expect(await step(ret.POST, leader, 'return', { comment: 'Thêm lịch đối thoại.' })).toMatchObject({ body: { status: 'draft', returnComment: 'Thêm lịch đối thoại.' } });
		await step(submit.POST, officer, 'submit');
		expect(await step(approve.POST, officer, 'approve')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
		expect(await step(approve.POST, leader, 'approve')).toMatchObject({ status: 200, body: { status: 'approved' } });
		const done = await step(issue.POST, officer, 'issue');
		expect(done).toMatchObject({ status: 200, body: { status: 'issued', reference: '1/KH-UBND' } });
		const put = await json(await call(one.PUT, officer, { url: `/api/v1/plans/${id}`, method: 'PUT', params: { id }, body: done.body }));
		expect(put).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', message: 'Plan 1/KH-UBND has been issued and cannot be changed. To change it, make a revision.' } } });
		const revision = await step(revise.POST, officer, 'revise');
		expect(revision).toMatchObject({ status: 200, body: { status: 'draft', version: 2, supersedesId: id } });
		const changed = { ...revision.body, title: revision.body.title + ' (sửa đổi)' };
		const saved = await json(await call(one.PUT, officer, { url: `/api/v1/plans/${revision.body.id}`, method: 'PUT', params: { id: revision.body.id }, body: changed }));
		expect(saved).toMatchObject({ status: 200, body: { title: changed.title } });
		const diff = await json(await call(compare.GET, officer, { url: `/api/v1/plans/${id}/compare?with=${revision.body.id}`, params: { id } }));
		expect(diff.status).toBe(200);
		expect(diff.body.fields.find((f: { field: string }) => f.field === 'title')).toMatchObject({ status: 'changed', right: changed.title });

		const mine = await json(await call(tasks.GET, world.actors.finance, { url: '/api/v1/tasks' }));
		expect(mine.status).toBe(200);
		const financeTask = mine.body.items.find((t: { planId: string }) => t.planId === id);
		expect(financeTask).toMatchObject({ assigneeRole: 'finance_officer', mine: true, canUpdate: true });
		const patched = await json(await call(task.PATCH, world.actors.finance, { url: `/api/v1/tasks/${financeTask.id}`, method: 'PATCH', params: { id: financeTask.id }, body: { status: 'done' } }));
		expect(patched).toMatchObject({ status: 200, body: { status: 'done' } });
		const refused = await json(await call(task.PATCH, world.actors.otherOfficer, { url: `/api/v1/tasks/${financeTask.id}`, method: 'PATCH', params: { id: financeTask.id }, body: { status: 'open' } }));
		expect(refused.status).toBe(403);
	});

	it('documents: html to preview, docx to download', async () => {
		const html = await call(documentRoute.GET, officer, { url: `/api/v1/plans/${issued.id}/document`, params: { id: issued.id } });
		expect(html.status).toBe(200);
		expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(await html.text()).toContain('KẾ HOẠCH');
		const docx = await call(documentRoute.GET, officer, { url: `/api/v1/plans/${issued.id}/document?format=docx`, params: { id: issued.id } });
		expect(docx.status).toBe(200);
		expect(docx.headers.get('content-disposition')).toBe(`attachment; filename="ke-hoach-P1-${issued.number}-KH-UBND.docx"`);
		expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
	});

	it('catalogues: the four vocabularies, names in the asked language', async () => {
		const channels = await json(await call(catalog.GET, officer, { url: '/api/v1/catalog/channels', params: { kind: 'channels' } }));
		expect(channels.body.items[0]).toMatchObject({ code: 'loudspeaker', name: 'Loudspeaker' });
		const indicators = await json(await call(catalog.GET, officer, { url: '/api/v1/catalog/indicators', params: { kind: 'indicators' } }));
		expect(indicators.body.items.map((i: { code: string }) => i.code)).toContain('share_poor_reached');
		expect((await call(catalog.GET, null, { url: '/api/v1/catalog/channels', params: { kind: 'channels' } })).status).toBe(401);
	});

	it('bad input to every route is a 4xx in the one error shape, never a 500, and stores nothing', async () => {
		const draft = await buildPlan(database.db, { unitCode: 'C1', year: 2026 });
		const taskId = issued.trackedTasks[0].id;
		const before = await json(await call(list.GET, admin, { url: '/api/v1/plans?limit=200' }));
		const deep = '['.repeat(5000) + ']'.repeat(5000);
		const bodies = ['', '{', 'null', '[]', '"x"', '42', '{"__proto__":{"polluted":true}}', deep, '{"unit":"C1\\u0000"}', JSON.stringify({ x: 'a'.repeat(1_100_000) })];
		type Case = [string, Handler, { url: string; params?: Record<string, string>; method?: string; body?: unknown; raw?: string; type?: string }, number];
		const id = { id: draft.id };
		const cases: Case[] = [
			['list: limit 0', list.GET, { url: '/api/v1/plans?limit=0' }, 400],
			['list: unknown status', list.GET, { url: '/api/v1/plans?status=lost' }, 400],
			['list: year not a number', list.GET, { url: '/api/v1/plans?year=abc' }, 400],
			['list: cascadedFrom not a uuid', list.GET, { url: '/api/v1/plans?cascadedFrom=1' }, 400],
			['list: unit with odd characters', list.GET, { url: '/api/v1/plans?unit=%27%3B' }, 400],
			['list: unknown unit', list.GET, { url: '/api/v1/plans?unit=NOPE' }, 400],
			['create: template flag not true', list.POST, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', template: 'yes' } }, 400],
			['create: template years reversed', list.POST, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', template: true, years: { from: 2030, to: 2026 } } }, 400],
			['create: template and extra key', list.POST, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', template: true, isAdmin: true } }, 400],
			['create: copyFrom not a uuid', list.POST, { url: '/api/v1/plans', method: 'POST', body: { copyFrom: 'x' } }, 400],
			['create: copyFrom nobody', list.POST, { url: '/api/v1/plans', method: 'POST', body: { copyFrom: NOBODY } }, 404],
			['create: cascade from nobody', list.POST, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', cascadeFrom: NOBODY } }, 404],
			['create: cascade from a draft', list.POST, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', cascadeFrom: draft.id } }, 409],
			['create: document without title', list.POST, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', issuer: 'UBND xã Một' } }, 400],
			['create: document, unknown unit', list.POST, { url: '/api/v1/plans', method: 'POST', body: { unit: 'NOPE', issuer: 'A', title: 'B' } }, 400],
			['create: document, unknown indicator', list.POST, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', issuer: 'A', title: 'B', targets: [{ indicator: 'x', period: '2026', value: 1 }] } }, 400],
			['create: document, NUL in a section', list.POST, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', issuer: 'A', title: 'B', sections: [{ heading: 'I\u0000' }] } }, 400],
			['create: document, lone surrogate', list.POST, { url: '/api/v1/plans', method: 'POST', raw: '{"unit":"C1","issuer":"A","title":"\\ud800"}' }, 400],
			['create: form body', list.POST, { url: '/api/v1/plans', method: 'POST', raw: 'unit=C1', type: 'application/x-www-form-urlencoded' }, 415],
			['get: not a uuid', one.GET, { url: '/api/v1/plans/x', params: { id: 'x' } }, 400],
			['get: nobody', one.GET, { url: `/api/v1/plans/${NOBODY}`, params: { id: NOBODY } }, 404],
			['put: nobody', one.PUT, { url: `/api/v1/plans/${NOBODY}`, method: 'PUT', params: { id: NOBODY }, body: { issuer: 'A', title: 'B' } }, 404],
			['put: empty title', one.PUT, { url: `/api/v1/plans/${draft.id}`, method: 'PUT', params: id, body: { issuer: 'A', title: '' } }, 400],
			['put: period reversed', one.PUT, { url: `/api/v1/plans/${draft.id}`, method: 'PUT', params: id, body: { issuer: 'A', title: 'B', period: { from: 2027, to: 2026 } } }, 400],
			['put: issued plan', one.PUT, { url: `/api/v1/plans/${issued.id}`, method: 'PUT', params: { id: issued.id }, body: { issuer: 'A', title: 'B' } }, 409],
			['submit: nobody', submit.POST, { url: `/api/v1/plans/${NOBODY}/submit`, method: 'POST', params: { id: NOBODY } }, 404],
			['approve: a draft', approve.POST, { url: `/api/v1/plans/${draft.id}/approve`, method: 'POST', params: id }, 409],
			['issue: a draft', issue.POST, { url: `/api/v1/plans/${draft.id}/issue`, method: 'POST', params: id }, 409],
			['revise: a draft', revise.POST, { url: `/api/v1/plans/${draft.id}/revise`, method: 'POST', params: id }, 409],
			['return: no comment', ret.POST, { url: `/api/v1/plans/${draft.id}/return`, method: 'POST', params: id, body: {} }, 400],
			['return: blank comment', ret.POST, { url: `/api/v1/plans/${draft.id}/return`, method: 'POST', params: id, body: { comment: '   ' } }, 400],
			['return: NUL in the comment', ret.POST, { url: `/api/v1/plans/${draft.id}/return`, method: 'POST', params: id, raw: '{"comment":"Sửa\\u0000"}' }, 400],
			['return: lone surrogate in the comment', ret.POST, { url: `/api/v1/plans/${draft.id}/return`, method: 'POST', params: id, raw: '{"comment":"Sửa \\udc00"}' }, 400],
			['return: a draft', ret.POST, { url: `/api/v1/plans/${draft.id}/return`, method: 'POST', params: id, body: { comment: 'Sửa' } }, 409],
			['compare: no other plan', compare.GET, { url: `/api/v1/plans/${draft.id}/compare`, params: id }, 400],
			['compare: other not a uuid', compare.GET, { url: `/api/v1/plans/${draft.id}/compare?with=../x`, params: id }, 400],
			['compare: other nobody', compare.GET, { url: `/api/v1/plans/${draft.id}/compare?with=${NOBODY}`, params: id }, 404],
			['cascades: limit not a number', cascades.GET, { url: `/api/v1/plans/${draft.id}/cascades?limit=x`, params: id }, 400],
			['document: unknown format', documentRoute.GET, { url: `/api/v1/plans/${draft.id}/document?format=exe`, params: id }, 400],
			['tasks: unknown status', tasks.GET, { url: '/api/v1/tasks?status=lost' }, 400],
			['task: unknown status', task.PATCH, { url: `/api/v1/tasks/${taskId}`, method: 'PATCH', params: { id: taskId }, body: { status: 'finished' } }, 400],
			['task: extra key', task.PATCH, { url: `/api/v1/tasks/${taskId}`, method: 'PATCH', params: { id: taskId }, body: { status: 'done', doneBy: 'me' } }, 400],
			['task: nobody', task.PATCH, { url: `/api/v1/tasks/${NOBODY}`, method: 'PATCH', params: { id: NOBODY }, body: { status: 'done' } }, 404],
			['catalog: unknown kind', catalog.GET, { url: '/api/v1/catalog/households', params: { kind: 'households' } }, 400]
		];
		for (const [handler, url, params, method] of [
			[list.POST, '/api/v1/plans', {}, 'POST'],
			[one.PUT, `/api/v1/plans/${draft.id}`, id, 'PUT'],
			[ret.POST, `/api/v1/plans/${draft.id}/return`, id, 'POST'],
			[task.PATCH, `/api/v1/tasks/${taskId}`, { id: taskId }, 'PATCH']
		] as const)
			for (const raw of bodies) cases.push([`${method} ${url} ${raw.slice(0, 30)}`, handler, { url, params, method, raw }, raw.length > 1_000_000 ? 413 : 400]);
		for (const [what, handler, opts, status] of cases) {
			const res = await json(await call(handler, admin, opts));
			expect(res.status, what).toBe(status);
			expect(res.body, what).toEqual({ error: { code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String), details: expect.any(Array) } });
		}
		const elsewhere = await json(await call(list.POST, officer, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C2', template: true } }));
		expect(elsewhere).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
		const unauthenticated = await json(await call(list.GET, null, { url: '/api/v1/plans' }));
		expect(unauthenticated.status).toBe(401);
		// A bad document names each problem by its path.
		const bad = await json(await call(list.POST, admin, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', issuer: '', title: 5 } }));
		expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['issuer', 'title']);
		const indicator = await json(await call(list.POST, admin, { url: '/api/v1/plans', method: 'POST', body: { unit: 'C1', issuer: 'A', title: 'B', targets: [{ indicator: 'x', period: '2026', value: 1 }] } }));
		expect(indicator.body.error.details).toEqual([{ path: 'targets.0.indicator', message: 'Not an indicator of the indicator catalogue.' }]);
		const after = await json(await call(list.GET, admin, { url: '/api/v1/plans?limit=200' }));
		expect(after.body.items).toEqual(before.body.items);
	});
});
