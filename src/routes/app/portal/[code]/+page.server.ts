import { fail, isActionFailure } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { formObject, orErrorPage, runAction, signedIn } from '$lib/server/http/actions';
import { getEditablePage, savePortalPage } from '$lib/server/modules/portal/portal.service';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	const edit = await orErrorPage(locals.locale, () => getEditablePage({ db, actor }, params.code.slice(0, 60), 'programme'));
	return {
		edit,
		defaults: { title: t(locals.locale, 'portal.programme.defaultTitle'), body: t(locals.locale, 'portal.programme.defaultBody') }
	};
};

export const actions: Actions = {
	save: async (event) => {
		let fields: Record<string, string> = {};
		const outcome = await runAction(event, async (ctx) => {
			fields = await formObject(event.request);
			const input = { title: (fields.title ?? '').slice(0, 1000), body: (fields.body ?? '').slice(0, 100_000), version: fields.version || undefined };
			await savePortalPage(ctx, event.params.code.slice(0, 60), 'programme', input);
			return { ok: t(event.locals.locale, 'portal.edit.saved') };
		});
		// A refused save keeps what was typed, so nothing written is lost.
		if (!isActionFailure(outcome)) return outcome;
		return fail(outcome.status, { ...(outcome.data as unknown as { error: string; details: { path?: string; message: string }[] }), fields: { title: (fields.title ?? '').slice(0, 1000), body: (fields.body ?? '').slice(0, 100_000) } });
	}
};
