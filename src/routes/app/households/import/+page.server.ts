import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { AppError } from '$lib/server/errors';
import { saveUpload } from '$lib/server/files/upload';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { currentYear } from '$lib/server/modules/households/households.schemas';
import { DEFAULT_IMPORT_MAX_BYTES } from '$lib/server/modules/households/import/import.service';
import { findHouseholdImports, importableUnits, startHouseholdImport } from '$lib/server/modules/households/import/import.jobs';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'households.import')) error(403, t(locals.locale, 'error.forbidden'));
	const ctx = { db: (await locals.runtime()).database.db, actor };
	return orErrorPage(locals.locale, async () => ({
		...(await importableUnits(ctx)),
		history: await findHouseholdImports(ctx),
		year: currentYear()
	}));
};

export const actions: Actions = {
	/** Spools the file, checks it is a list the actor may import, starts the import, and shows its progress page. */
	default: async (event) => {
		const outcome = await attempt(event, async (ctx) => {
			const data = await event.request.formData();
			const file = data.get('file');
			if (!(file instanceof File) || file.size === 0) throw new AppError('VALIDATION', 'file.table.empty');
			const year = Number(data.get('year'));
			const saved = await saveUpload(file.stream(), DEFAULT_IMPORT_MAX_BYTES);
			return startHouseholdImport(ctx, saved, {
				unitCode: String(data.get('unit') ?? ''),
				year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined,
				dryRun: data.get('dryRun') === 'true',
				fileName: file.name,
				locale: event.locals.locale
			});
		});
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details });
		redirect(303, `/app/households/import/${outcome.value}`);
	}
};
