import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, formObject, signedIn } from '$lib/server/http/actions';
import { createStation, findStations } from '$lib/server/modules/loudspeakers/loudspeakers.service';
import { selectManagedUnits, selectReadableBulletins } from '$lib/server/modules/loudspeakers/loudspeakers.repository';
import { makeSpeech, presentAudio, speakableStatuses } from '$lib/server/modules/loudspeakers/loudspeakers.speech';
import { localNow, placeBulletin } from '$lib/server/modules/loudspeakers/loudspeakers.schedule';
import { canMakeSpeech } from '$lib/server/modules/loudspeakers/loudspeakers.policy';
import { Id, PlacementInput, StationCreateInput } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

/** Stations in reach, the bulletins to listen to and put on the air, and the forms that do it. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'broadcasts.confirm') && !canSomewhere(actor, 'stations.manage') && !canSomewhere(actor, 'activities.read'))
		error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const canManage = canSomewhere(actor, 'stations.manage');
	const [stations, units, bulletins] = await Promise.all([
		findStations({ db, actor }, { limit: 200, offset: 0 }),
		canManage ? selectManagedUnits(db, actor) : Promise.resolve([]),
		selectReadableBulletins(db, actor, speakableStatuses)
	]);
	return {
		today: localNow(new Date()).date,
		canManage,
		stations: stations.items,
		units: units.map(({ code, name, level }) => ({ code, name, level })),
		bulletins: bulletins.map((b) => ({
			id: b.id,
			title: b.title,
			status: b.status,
			priority: b.priority,
			audio: presentAudio(b),
			canSpeak: canMakeSpeech(actor, b),
			canPlace: canManage && ['approved', 'published'].includes(b.status)
		})),
		done: url.searchParams.get('done')
	};
};

export const actions: Actions = {
	station: async (event) => {
		const fields = await formObject(event.request);
		const outcome = await attempt(event, (ctx) => createStation(ctx, StationCreateInput.parse(fields)));
		if (!outcome.ok) return fail(outcome.status, { action: 'station', error: outcome.error, details: outcome.details, fields });
		redirect(303, `/app/loudspeakers/${outcome.value.id}?done=created`);
	},
	speech: async (event) => {
		const fields = await formObject(event.request);
		const outcome = await attempt(event, (ctx) => makeSpeech(ctx, Id.parse(fields.contentId ?? '')));
		if (!outcome.ok) return fail(outcome.status, { action: 'speech', contentId: fields.contentId, error: outcome.error, details: outcome.details });
		redirect(303, `/app/loudspeakers?done=speech#b-${outcome.value.contentId}`);
	},
	place: async (event) => {
		const fields = await formObject(event.request);
		const [kind, value] = (fields.target ?? '').split(':', 2);
		const outcome = await attempt(event, (ctx) =>
			placeBulletin(
				ctx,
				PlacementInput.parse({
					contentId: fields.contentId,
					stationId: kind === 'station' ? value : undefined,
					unitCode: kind === 'unit' ? value : undefined,
					from: fields.from,
					to: fields.to || fields.from
				})
			)
		);
		if (!outcome.ok) return fail(outcome.status, { action: 'place', contentId: fields.contentId, error: outcome.error, details: outcome.details, fields });
		return { action: 'place', contentId: fields.contentId, result: outcome.value };
	}
};
