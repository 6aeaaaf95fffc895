import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, signedIn } from '$lib/server/http/actions';
import { getEvent } from '$lib/server/modules/events/events.service';
import { findNotices, noticeVillages, previewNotice, sendNotice, type NoticeInput } from '$lib/server/modules/outreach/notices.service';

/** Household categories a notice can pick, from an event's invited audience groups. */
const categoryCodes = ['poor', 'near_poor', 'escaped'];

/** The notice form and the notices sent; `?event=<id>` fills the form from an event (its villages, groups and time). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'outreach.read') && !canSomewhere(actor, 'outreach.publish')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const canSend = canSomewhere(actor, 'outreach.publish');
	const [villages, notices] = await Promise.all([canSend ? noticeVillages(db, actor) : [], findNotices(db, actor)]);
	let prefill: { event: string; eventTitle: string; villages: string[]; categories: string[]; body: string } | null = null;
	const eventId = url.searchParams.get('event');
	if (eventId && canSend) {
		try {
			const e = await getEvent({ db, actor }, eventId);
			const cats = e.invitedGroups.filter((g: string) => categoryCodes.includes(g));
			const date = e.date.split('-').reverse().join('/');
			prefill = {
				event: e.id,
				eventTitle: e.title,
				villages: e.invitedVillages.length ? e.invitedVillages.map((v: { code: string }) => v.code) : villages.filter((v) => v.code.startsWith(e.unit.code)).map((v) => v.code),
				categories: cats.length ? cats : ['all'],
				body: `${e.title}, ${date}${e.startTime ? ' ' + e.startTime : ''}${e.place ? ', ' + e.place : ''}.`.slice(0, 480)
			};
		} catch {
			// An event out of reach or unknown leaves the form empty.
		}
	}
	return { villages, notices, canSend, prefill };
};

function read(data: FormData) {
	const text = (name: string, max: number) => (typeof data.get(name) === 'string' ? String(data.get(name)).slice(0, max) : '');
	const list = (name: string) => data.getAll(name).filter((v): v is string => typeof v === 'string').slice(0, 200).map((v) => v.slice(0, 40));
	const input: NoticeInput = {
		channel: text('channel', 10) as 'sms',
		body: text('body', 2000),
		villages: list('villages'),
		categories: list('categories') as never,
		event: text('event', 40) || null
	};
	return { input, fields: { channel: input.channel, body: input.body, villages: input.villages, categories: input.categories as string[], event: input.event ?? '' } };
}

export const actions: Actions = {
	preview: async (event) => {
		const { input, fields } = read(await event.request.formData());
		const outcome = await attempt(event, (ctx) => previewNotice(ctx, input));
		if (!outcome.ok) return fail(outcome.status, { action: 'preview', error: outcome.error, details: outcome.details, fields });
		return { action: 'preview', fields, preview: outcome.value };
	},
	send: async (event) => {
		const { input, fields } = read(await event.request.formData());
		const outcome = await attempt(event, (ctx) => sendNotice(ctx, input));
		if (!outcome.ok) return fail(outcome.status, { action: 'send', error: outcome.error, details: outcome.details, fields });
		return { action: 'send', fields, sent: outcome.value };
	}
};
