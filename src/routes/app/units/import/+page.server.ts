import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { AppError } from '$lib/server/errors';
import { DEFAULT_MAX_BYTES } from '$lib/server/files/tabular';
import { t } from '$lib/i18n';
import { importUnits } from '$lib/server/modules/units/units.import';
import { attempt, signedIn } from '$lib/server/http/actions';

export const load: PageServerLoad = async ({ locals }) => {
	if (!canSomewhere(signedIn(locals), 'units.manage')) error(403, t(locals.locale, 'error.forbidden'));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const outcome = await attempt(event, async (ctx) => {
			const data = await event.request.formData();
			const file = data.get('file');
			if (!(file instanceof File) || file.size === 0) throw new AppError('VALIDATION', 'file.table.empty');
			if (file.size > DEFAULT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '10 MB' });
			return importUnits(ctx, new Uint8Array(await file.arrayBuffer()), { skipErrors: data.get('skipErrors') === 'true', locale: event.locals.locale });
		});
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details });
		return { result: outcome.value };
	}
};
