import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isActionFailure, isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { createTestDatabase } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { vi } from '$lib/i18n/vi';
import { saveActivity } from '$lib/server/modules/activities/activities.service';
import { activityFields, buildActivityWorld } from '$lib/server/modules/activities/activities.testing';
import { buildActor } from '$lib/server/testing/factories';
import { load as listLoad, actions as listActions } from './+page.server';
import { load as reportLoad, actions as reportActions } from './[id]/+page.server';
import { load as formsLoad, actions as formsActions } from './forms/+page.server';

/** The report pages as a browser without JavaScript uses them: GET renders, forms post. */
describe('report pages (pglite)', () => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildActivityWorld>>;

	function event(actor: Actor, path: string, params: Record<string, string> = {}, form?: Record<string, string>): RequestEvent {
		const body = form ? new URLSearchParams(form) : undefined;
		const request = new Request('http://lantoa.test' + path, body ? { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : undefined);
		return { request, url: new URL(request.url), params, locals: { actor, locale: 'vi', runtime: async () => ({ database }) } } as unknown as RequestEvent;
	}
	/** A load or action's outcome: its data, a redirect's location, or an error's status and message. */
	async function outcome(fn: () => unknown) {
		try {
			const value = await fn();
			if (isActionFailure(value)) return { status: value.status, data: value.data as unknown as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
			return { status: 200, data: value as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
		} catch (err) {
			if (isRedirect(err)) return { status: err.status, location: err.location };
			if (isHttpError(err)) return { status: err.status, message: err.body.message };
			throw err;
		}
	}
	const page = (actor: Actor, id: string) => outcome(() => reportLoad(event(actor, `/app/reports/${id}`, { id }) as never));
	const act = (name: keyof typeof reportActions, actor: Actor, id: string, form: Record<string, string>) =>
		outcome(() => reportActions[name](event(actor, `/app/reports/${id}?/${name}`, { id }, form) as never));

	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		w = await buildActivityWorld(database.db);
	});
	afterAll(() => database.close());

	it('opens a report from the list page, fills and submits it with a note; another commune and a village head get 403; bad input a message', async () => {
		const opened = await outcome(() => listActions.open(event(w.officer1, '/app/reports?/open', {}, { form: 'commune_quarterly', unit: 'C1', period: '2026Q1' }) as never));
		expect(opened.status).toBe(303);
		const id = opened.location!.split('/').pop()!;
		const badPeriod = await outcome(() => listActions.open(event(w.officer1, '/app/reports?/open', {}, { form: 'commune_quarterly', unit: 'C1', period: 'quý một' }) as never));
		expect(badPeriod.status).toBe(400);
		const otherCommune = await outcome(() => listActions.open(event(w.officer2, '/app/reports?/open', {}, { form: 'commune_quarterly', unit: 'C1', period: '2026Q1' }) as never));
		expect(otherCommune.status).toBe(403);

		const list = await outcome(() => listLoad(event(w.officer1, '/app/reports') as never));
		expect((list.data!.list as { items: { id: string }[] }).items.map((r) => r.id)).toEqual([id]);
		expect((await outcome(() => listLoad(event(w.officer2, '/app/reports') as never))).data!.list).toMatchObject({ items: [] });

		expect((await page(w.officer2, id)).status).toBe(403);
		expect((await page(w.head11, id)).status).toBe(403);
		expect((await page(w.officer1, 'nope')).status).toBe(404);
		const seen = await page(w.province1, id);
		expect(seen.status).toBe(200);

		const form = { version: '1', narrative_results: 'Hai buổi đối thoại ở hai thôn.', manual_communicators_network: '1.200' };
		expect((await act('save', w.officer1, id, { ...form, manual_communicators_network: 'nhiều' })).status).toBe(400);
		const refused = await act('submit', w.officer1, id, form);
		expect(refused.status).toBe(400);
		expect(refused.data!.error).toContain('Còn thiếu báo cáo của: Thôn Một, Thôn Hai');
		const after = (await page(w.officer1, id)).data!.report as { version: number; manualFigures: Record<string, number>; narrative: { results: string } };
		expect(after).toMatchObject({ version: 2, manualFigures: { communicators_network: 1200 }, narrative: { results: 'Hai buổi đối thoại ở hai thôn.' } });
		expect((await act('submit', w.officer1, id, { ...form, version: '2', missingNote: 'Hai thôn chưa gửi.' })).location).toBe(`/app/reports/${id}?done=submitted`);
		expect((await act('approve', w.officer1, id, { version: '4' })).status).toBe(403);
		expect((await act('approve', w.chair1, id, { version: '3' })).status).toBe(409);
		expect((await act('approve', w.chair1, id, { version: '4' })).status).toBe(303);

		// The activity page refuses a change in the locked quarter with the lock's message.
		const locked = await saveActivity({ db: database.db, actor: w.head11 }, randomUUID(), activityFields('C1-V1', { date: '2026-02-02' }), 'web').catch((e) => e);
		expect(locked).toMatchObject({ code: 'LOCKED' });
		expect(vi['reports.lock.closed']).toContain('{parent}');

		expect((await act('return', w.province1, id, { version: '5', comment: ' ' })).status).toBe(400);
		expect((await act('unlock', w.province1, id, { version: '5', reason: 'Bổ sung một buổi họp.' })).status).toBe(303);
		expect(((await page(w.officer1, id)).data!.report as { status: string; lock: unknown }).status).toBe('returned');
	});

	it('the forms page is for those who configure; a bad due day is refused with a message', async () => {
		expect((await outcome(() => formsLoad(event(w.officer1, '/app/reports/forms') as never))).status).toBe(403);
		const admin = await buildActor(database.db, 'province_officer', 'P2');
		const loaded = await outcome(() => formsLoad(event(admin, '/app/reports/forms') as never));
		expect((loaded.data!.forms as { code: string }[]).map((f) => f.code)).toContain('village_monthly');
		const post = (form: Record<string, string>) => outcome(() => formsActions.save(event(admin, '/app/reports/forms?/save', {}, form) as never));
		const bad = await post({ code: 'village_monthly', nameVi: 'Báo cáo tháng', nameEn: 'Monthly', dueDays: '500', indicatorCodes: 'dialogues_held' });
		expect(bad.status).toBe(400);
		expect(bad.data!.error).toBe(vi['error.validation']);
		expect((await post({ code: 'no_form', nameVi: 'x', nameEn: 'x', dueDays: '3', indicatorCodes: 'dialogues_held' })).status).toBe(404);
		expect((await post({ code: 'village_monthly', nameVi: 'x', nameEn: 'x', dueDays: '3', indicatorCodes: 'made_up' })).status).toBe(400);
		const ok = await post({ code: 'village_monthly', nameVi: 'Báo cáo tháng của thôn', nameEn: 'Village monthly report', dueDays: '4', indicatorCodes: 'dialogues_held', active: 'on' });
		expect(ok.status).toBe(303);
		const forms = (await outcome(() => formsLoad(event(admin, '/app/reports/forms') as never))).data!.forms as { code: string; dueDays: number; indicatorCodes: string[] }[];
		expect(forms.find((f) => f.code === 'village_monthly')).toMatchObject({ dueDays: 4, indicatorCodes: ['dialogues_held'] });
	});
});
