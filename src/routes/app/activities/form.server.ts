import { randomUUID } from 'node:crypto';
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { canSomewhere, type Actor } from '$lib/server/access/actor';
import type { Db } from '$lib/server/db/client';
import { attempt } from '$lib/server/http/actions';
import { addEvidence, isUuid, saveActivity } from '$lib/server/modules/activities/activities.service';
import { activityOptions, describeHouseholds } from '$lib/server/modules/activities/activities.options';
import { evidenceKinds, type EvidenceKind } from '$lib/server/modules/activities/activities.schemas';
import { findHouseholds } from '$lib/server/modules/households/households.service';
import { readUpload } from '$lib/server/files/upload';
import { MAX_STORED_FILE_BYTES } from '$lib/server/files/store';
import { formInput, formValues, type FormValues } from './form';

const formAccess = { screen: 'activity_form', purpose: 'activity' };

async function dbOf(event: RequestEvent): Promise<Db> {
	return (await event.locals.runtime()).database.db;
}

/** Names of the households ticked on the form (each shown name access-logged). */
export async function pickedHouseholds(db: Db, actor: Actor, values: FormValues) {
	const ids = Array.isArray(values.household) ? values.household : [];
	return describeHouseholds({ db, actor }, ids, formAccess);
}

/** The evidence part of the form, when a file or a link was given. */
async function evidenceOf(data: FormData) {
	const file = data.get('evidenceFile');
	const url = String(data.get('evidenceUrl') ?? '').trim();
	const kindValue = String(data.get('evidenceKind') ?? 'photo');
	const kind: EvidenceKind = (evidenceKinds as readonly string[]).includes(kindValue) ? (kindValue as EvidenceKind) : 'photo';
	const caption = String(data.get('evidenceCaption') ?? '').trim().slice(0, 300) || null;
	if (file instanceof File && file.size > 0) {
		return { kind: kind === 'link' ? 'photo' : kind, caption, name: file.name.slice(0, 200), bytes: await readUpload(file.stream(), MAX_STORED_FILE_BYTES) } as const;
	}
	if (url) return { kind: 'link' as const, caption, url };
	return null;
}

/**
 * The actions of the new and edit forms. `save` writes the activity by the form's id (a second
 * submit of the same form is the same activity, stored once) and then the evidence given with it;
 * `search` looks households up in the register and shows the form again with everything typed kept.
 */
export const activityFormActions = {
	save: async (event: RequestEvent) => {
		const data = await event.request.formData();
		const values = formValues(data);
		const id = typeof values.id === 'string' && isUuid(values.id) ? values.id : randomUUID();
		values.id = id;
		const outcome = await attempt(event, async (ctx) => {
			const options = await activityOptions(ctx, event.locals.locale, { for: 'edit' });
			const input = formInput(
				values,
				options.groups.map((g) => g.code),
				options.fundingSources.map((s) => s.code)
			);
			const saved = await saveActivity({ ...ctx, access: formAccess }, id, input, 'web');
			const evidence = await evidenceOf(data);
			if (evidence) await addEvidence(ctx, id, randomUUID(), evidence);
			return saved;
		});
		if (!outcome.ok) {
			const db = await dbOf(event);
			const picked = event.locals.actor ? await pickedHouseholds(db, event.locals.actor, values) : [];
			return fail(outcome.status, { error: outcome.error, details: outcome.details, values, picked, results: [] as never[] });
		}
		redirect(303, `/app/activities/${id}?done=saved`);
	},
	search: async (event: RequestEvent) => {
		const data = await event.request.formData();
		const values = formValues(data);
		const outcome = await attempt(event, async (ctx) => {
			const picked = await pickedHouseholds(ctx.db, ctx.actor, values);
			if (!canSomewhere(ctx.actor, 'households.read')) return { picked, results: [] };
			const q = typeof values.hq === 'string' ? values.hq.trim().slice(0, 100) : '';
			const unit = typeof values.unit === 'string' && values.unit ? values.unit : undefined;
			const found = await findHouseholds(ctx, { q: q || undefined, village: unit, limit: 30, offset: 0 }, formAccess);
			const ticked = new Set(picked.map((p) => p.id));
			return { picked, results: found.items.filter((h) => !ticked.has(h.id)).map((h) => ({ id: h.id, headName: h.headName, villageName: h.villageName, category: h.category })) };
		});
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, values, picked: [], results: [] });
		return { values, picked: outcome.value.picked, results: outcome.value.results, searched: true };
	}
};
