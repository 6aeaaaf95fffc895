import type { Actions, PageServerLoad } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { getCommunicatorDetail, trainingUnits, updateCommunicator } from '$lib/server/modules/training/training.service';
import { submitForm } from '$lib/server/modules/mobilisation/mobilisation.http';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const detail = await getCommunicatorDetail({ db, actor }, params.id);
		return { ...detail, units: detail.canEdit ? await trainingUnits({ db, actor }) : [], done: url.searchParams.get('done') };
	});
};

export const actions: Actions = {
	update: (event) =>
		submitForm(
			event,
			'update',
			(f) => (ctx) =>
				updateCommunicator(ctx, event.params.id!, {
					unit: f.unit ?? '',
					fullName: f.fullName ?? '',
					organisation: f.organisation,
					role: f.role ?? '',
					topics: f.topics,
					phone: f.phone,
					phoneConsent: f.phoneConsent === 'on',
					active: f.active === 'on'
				}),
			`/app/training/communicators/${event.params.id}?done=1`
		)
};
