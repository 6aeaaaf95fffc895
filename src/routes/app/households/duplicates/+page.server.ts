import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, formObject, orErrorPage, signedIn } from '$lib/server/http/actions';
import { dismissDuplicate, findDuplicateFlags, mergeDuplicate } from '$lib/server/modules/households/households.duplicates';
import { DuplicateListQuery, MergeInput } from '$lib/server/modules/households/households.schemas';

/** Open flags side by side; both households of each pair are shown, so both are access-logged. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'households.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const query = DuplicateListQuery.parse({ limit: url.searchParams.get('limit') || undefined, offset: url.searchParams.get('offset') || undefined });
		return {
			list: await findDuplicateFlags({ db, actor }, query, { screen: 'duplicates', purpose: 'duplicate_review' }),
			done: url.searchParams.get('done')
		};
	});
};

async function resolve(event: RequestEvent, done: 'merged' | 'dismissed') {
	const fields = await formObject(event.request);
	const flagId = (fields.flagId ?? '').slice(0, 40);
	const outcome = await attempt(event, (ctx) =>
		done === 'merged' ? mergeDuplicate(ctx, flagId, MergeInput.parse({ keepId: fields.keepId })) : dismissDuplicate(ctx, flagId)
	);
	if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, flagId });
	redirect(303, `/app/households/duplicates?done=${done}`);
}

export const actions: Actions = {
	merge: (event) => resolve(event, 'merged'),
	dismiss: (event) => resolve(event, 'dismissed')
};
