import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isActionFailure, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { buildStory, buildStoryWorld, testPhoto, type StoryWorld } from '$lib/server/modules/stories/stories.testing';
import { findStories, getStory } from '$lib/server/modules/stories/stories.service';
import * as create from './new/+page.server';
import * as story from './[id]/+page.server';

type Action = (event: RequestEvent) => Promise<unknown>;

describe.each(testDrivers)('story forms (%s)', (driver) => {
	let database: Database;
	let world: StoryWorld;

	/** Posts a form to an action as a browser without JavaScript would; answers the status and the form's message. */
	async function post(action: Action, actor: Actor, fields: Record<string, string | Blob>, params: Record<string, string> = {}) {
		const body = new FormData();
		for (const [k, v] of Object.entries(fields)) body.append(k, v);
		const request = new Request('http://lantoa.test/app/stories', { method: 'POST', body });
		const event = { request, url: new URL(request.url), params, locals: { actor, locale: 'vi', apiLocale: 'vi', runtime: async () => ({ database }) } } as unknown as RequestEvent;
		try {
			const out = await action(event);
			if (isActionFailure(out)) return { status: out.status, error: (out.data as unknown as { error: string }).error };
			return { status: 200, error: null };
		} catch (err) {
			if (isRedirect(err)) return { status: err.status, location: err.location, error: null };
			throw err;
		}
	}

	const good = { unit: 'C1', subjectKind: 'person', subjectName: 'Chị Thử', title: 'Tiêu đề', summary: 'Tóm tắt', whatTheyDid: 'Đã làm', results: 'Kết quả' };

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildStoryWorld(database.db);
	});
	afterAll(() => database.close());

	it('the write form: script and SQL-like text stored as text; wrong types, oversized and unknown values refused with a Vietnamese message, nothing stored', async () => {
		const { officer, otherOfficer } = world.actors;
		const before = (await findStories(world.as(officer), { limit: 200 })).items.length;
		const bad: Record<string, string>[] = [
			{ ...good, subjectKind: 'robot' },
			{ ...good, beforeYear: 'abc' },
			{ ...good, title: 'x'.repeat(301) },
			{ ...good, whatTheyDid: 'x'.repeat(20_001) },
			{ ...good, title: '' },
			{ ...good, unit: "C1'; DROP TABLE stories; --" },
			{ ...good, householdId: '<script>' }
		];
		for (const fields of bad) {
			const out = await post(create.actions.default as Action, officer, fields);
			expect(out.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
			expect(out.error).toMatch(/[ạảãàáâậầấẩẫăặằắẳẵêệềếểễôộồốổỗơợờớởỡưựừứửữđ]/i);
		}
		expect((await post(create.actions.default as Action, otherOfficer, good)).status).toBe(403);
		expect((await findStories(world.as(officer), { limit: 200 })).items.length).toBe(before);

		const script = '<script>alert(1)</script>';
		const saved = await post(create.actions.default as Action, officer, { ...good, title: script, summary: "' OR 1=1; --" });
		expect(saved.status).toBe(303);
		const id = saved.location!.split('/')[3].split('?')[0];
		expect(await getStory(world.as(officer), id)).toMatchObject({ title: script, summary: "' OR 1=1; --" });
	});

	it('consent and photo forms: bad dates, methods and files refused; a flood of consents all stored, none lost', async () => {
		const { officer } = world.actors;
		const s = await buildStory(world, { consent: false });
		const params = { id: s.id };
		const consent = story.actions.consent as Action;
		expect((await post(consent, officer, { personName: 'A', givenOn: '31/12/2025', method: 'signed_form' }, params)).status).toBe(400);
		expect((await post(consent, officer, { personName: 'A', givenOn: '2026-01-05', method: 'email' }, params)).status).toBe(400);
		expect((await post(consent, officer, { personName: 'A', givenOn: '2026-01-05', method: 'signed_form', form: new Blob(['MZ not a scan at all']) }, params)).status).toBe(415);
		expect((await getStory(world.as(officer), s.id)).consents).toEqual([]);

		const photo = story.actions.photo as Action;
		expect((await post(photo, officer, { alt: 'Ảnh' }, params)).status).toBe(400);
		expect((await post(photo, officer, { alt: '', file: new Blob([testPhoto().bytes]) }, params)).status).toBe(400);
		expect((await post(photo, officer, { alt: 'Ảnh', file: new Blob(['<html><script>alert(1)</script></html>']) }, params)).status).toBe(415);
		expect((await getStory(world.as(officer), s.id)).photos).toEqual([]);

		const flood = await Promise.all(
			Array.from({ length: 30 }, (_, i) => post(consent, officer, { personName: `Người thứ ${i} <b>đậm</b>`, givenOn: '2026-01-05', method: 'verbal_witnessed' }, params))
		);
		expect(flood.every((r) => r.status === 303)).toBe(true);
		const stored = (await getStory(world.as(officer), s.id)).consents.map((c) => c.personName);
		expect(stored.length).toBe(30);
		expect(new Set(stored).size).toBe(30);
	});

	it('workflow buttons refuse those without the right and another commune (404), with no change', async () => {
		const { officer, otherLeader, village } = world.actors;
		const s = await buildStory(world, { status: 'in_review' });
		expect((await post(story.actions.approve as Action, officer, {}, { id: s.id })).status).toBe(403);
		expect((await post(story.actions.approve as Action, otherLeader, {}, { id: s.id })).status).toBe(404);
		expect((await post(story.actions.withdrawConsent as Action, village, { consentId: s.consents[0].id }, { id: s.id })).status).toBe(404);
		expect((await post(story.actions.withdrawConsent as Action, officer, { consentId: "x' OR '1'='1" }, { id: s.id })).status).toBe(404);
		expect((await getStory(world.as(officer), s.id)).status).toBe('in_review');
	});
});
