import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { canSomewhere } from '$lib/server/access/actor';
import { findAudienceGroups } from '$lib/server/modules/catalog/catalog.service';
import {
	addEventQuestion,
	cancelEvent,
	getEvent,
	markEventHeld,
	recordEventCounts,
	saveMinutes,
	setEventPublication
} from '$lib/server/modules/events/events.service';
import { eventFormOptions } from '$lib/server/modules/events/events.options';
import { AttendanceCountsInput, MinutesInput, QuestionInput } from '$lib/server/modules/events/events.schemas';

/** The event with its registrations, attendance, questions and minutes, and the forms that change them. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const event = await getEvent({ db, actor }, params.id);
		const groups = await findAudienceGroups(db, locals.locale);
		const villages = event.allowed.manage ? ((await eventFormOptions({ db, actor }, locals.locale)).units.find((u) => u.code === event.unit.code)?.villages ?? []) : [];
		const done = url.searchParams.get('done')?.slice(0, 20) ?? null;
		const code = url.searchParams.get('code')?.slice(0, 20) ?? '';
		// The notice form for the invited households, for those who send notices.
		const canNotify = canSomewhere(actor, 'outreach.publish');
		return { event, groups: groups.map((g) => ({ code: g.code, name: g.name })), villages, done, code, canNotify };
	});
};

/** The form's text fields (each cut to a sane length before validation). */
async function fields(event: RequestEvent) {
	const data = await event.request.formData();
	const out: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string') out[k] = v.slice(0, 20_000);
	return out;
}

async function run<T>(event: RequestEvent<{ id: string }>, form: string, call: Parameters<typeof attempt<T>>[1], done: (value: T) => string) {
	const outcome = await attempt(event, call);
	if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, form });
	redirect(303, `/app/events/${event.params.id}?${done(outcome.value)}`);
}

const blank = (v: string | undefined) => (v && v.trim() ? v : null);

export const actions: Actions = {
	publication: async (event) => {
		const f = await fields(event);
		return run(event, 'publication', (ctx) => setEventPublication(ctx, event.params.id, { published: f.published === 'on', registrationOpen: f.registrationOpen === 'on' }), () => 'done=publication');
	},
	counts: async (event) => {
		const f = await fields(event);
		const counts: Record<string, number> = {};
		for (const [k, v] of Object.entries(f)) if (k.startsWith('count_') && v.trim() !== '') counts[k.slice(6)] = Number(v.trim());
		const version = f.activityVersion ? Number(f.activityVersion) : undefined;
		return run(event, 'counts', (ctx) => recordEventCounts(ctx, event.params.id, AttendanceCountsInput.parse({ counts, version })), () => 'done=counts#attendance');
	},
	question: async (event) => {
		const f = await fields(event);
		return run(
			event,
			'question',
			(ctx) => addEventQuestion(ctx, event.params.id, QuestionInput.parse({ question: f.question ?? '', askedBy: blank(f.askedBy), village: blank(f.village), answer: blank(f.answer) })),
			(r) => `done=question&code=${encodeURIComponent(r.trackingCode)}#questions`
		);
	},
	minutes: async (event) => {
		const f = await fields(event);
		return run(
			event,
			'minutes',
			(ctx) => saveMinutes(ctx, event.params.id, MinutesInput.parse({ chair: blank(f.chair), secretary: blank(f.secretary), attendance: blank(f.attendance), summary: blank(f.summary), conclusions: blank(f.conclusions) })),
			() => 'done=minutes#minutes'
		);
	},
	held: (event) => run(event, 'held', (ctx) => markEventHeld(ctx, event.params.id), () => 'done=held'),
	cancel: (event) => run(event, 'cancel', (ctx) => cancelEvent(ctx, event.params.id), () => 'done=cancelled')
};
