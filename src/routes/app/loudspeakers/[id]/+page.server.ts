import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { Db } from '$lib/server/db/client';
import type { Actor } from '$lib/server/access/actor';
import { attempt, formObject, orErrorPage, signedIn } from '$lib/server/http/actions';
import { addSlot, getStation, issueStationToken, loadStation, removeSlot, revokeStationToken, updateStation } from '$lib/server/modules/loudspeakers/loudspeakers.service';
import { cancelBroadcast, getStationDay, localNow } from '$lib/server/modules/loudspeakers/loudspeakers.schedule';
import { confirmPlay } from '$lib/server/modules/loudspeakers/loudspeakers.plays';
import { speechUrl } from '$lib/server/modules/loudspeakers/loudspeakers.speech';
import { addDays } from '$lib/server/modules/loudspeakers/loudspeakers.planner';
import { CalendarDate, Id, SlotInput, StationParams, StationUpdateInput } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

/** The station's day (default today in Việt Nam) with players and "played" buttons; its slots and token for officers. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const { id } = StationParams.parse(params);
		const today = localNow(new Date()).date;
		const date = CalendarDate.parse(url.searchParams.get('date') || today);
		const placed = await loadStation(db, actor, id);
		const [station, day] = await Promise.all([getStation({ db, actor }, id), getStationDay(db, placed, date)]);
		const audioOf = (contentId: string) => (day.bulletins.get(contentId)?.audioFileId ? speechUrl(contentId) : null);
		const withAudio = <T extends { contentId: string }>(b: T) => ({ ...b, audioUrl: audioOf(b.contentId) });
		return {
			station,
			today,
			date,
			previous: addDays(date, -1),
			next: addDays(date, 1),
			day: { weekday: day.weekday, slots: day.slots.map((s) => ({ ...s, broadcasts: s.broadcasts.map(withAudio) })), unslotted: day.unslotted.map(withAudio) },
			origin: url.origin,
			done: url.searchParams.get('done')
		};
	});
};

const back = (event: RequestEvent, done: string, date?: string) =>
	redirect(303, `/app/loudspeakers/${event.params.id}?${date ? `date=${date}&` : ''}done=${done}`);

async function run<T>(event: RequestEvent, action: string, fn: (ctx: { db: Db; actor: Actor }, fields: Record<string, string>) => Promise<T>) {
	const fields = await formObject(event.request.clone());
	const outcome = await attempt(event, (ctx) => fn(ctx, fields));
	return { outcome, fields, failed: outcome.ok ? null : fail(outcome.status, { action, error: outcome.error, details: outcome.details, fields }) };
}

const stationId = (event: RequestEvent) => StationParams.parse(event.params).id;
/** The day the form was sent from, to come back to it (today when missing or malformed). */
const dayOf = (fields: Record<string, string>) => (CalendarDate.safeParse(fields.date).success ? fields.date : undefined);

export const actions: Actions = {
	update: async (event) => {
		const { failed } = await run(event, 'update', (ctx, f) =>
			updateStation(ctx, stationId(event), StationUpdateInput.parse({ name: f.name, kind: f.kind, active: f.active === 'on' }))
		);
		if (failed) return failed;
		back(event, 'saved');
	},
	slot: async (event) => {
		const weekdays = (await event.request.clone().formData()).getAll('weekdays').map((v) => Number(v));
		const { failed } = await run(event, 'slot', (ctx, f) =>
			addSlot(ctx, stationId(event), SlotInput.parse({ startTime: f.startTime, minutes: Number(f.minutes) || f.minutes, weekdays: weekdays.length ? weekdays : [], label: f.label }))
		);
		if (failed) return failed;
		back(event, 'slotAdded');
	},
	removeSlot: async (event) => {
		const { failed } = await run(event, 'removeSlot', (ctx, f) => removeSlot(ctx, stationId(event), Id.parse(f.slotId ?? '')));
		if (failed) return failed;
		back(event, 'slotRemoved');
	},
	token: async (event) => {
		const { outcome, failed } = await run(event, 'token', (ctx) => issueStationToken(ctx, stationId(event)));
		if (failed || !outcome.ok) return failed;
		// Shown once, in this answer only.
		return { action: 'token', token: outcome.value.token };
	},
	revoke: async (event) => {
		const { failed } = await run(event, 'revoke', (ctx) => revokeStationToken(ctx, stationId(event)));
		if (failed) return failed;
		back(event, 'revoked');
	},
	played: async (event) => {
		const { failed, fields } = await run(event, 'played', (ctx, f) => confirmPlay(ctx.db, { kind: 'user', actor: ctx.actor }, Id.parse(f.broadcastId ?? ''), new Date()));
		if (failed) return failed;
		back(event, 'played', dayOf(fields));
	},
	cancel: async (event) => {
		const { failed, fields } = await run(event, 'cancel', (ctx, f) => cancelBroadcast(ctx, Id.parse(f.broadcastId ?? '')));
		if (failed) return failed;
		back(event, 'cancelled', dayOf(fields));
	}
};
