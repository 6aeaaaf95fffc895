import type { Actions, PageServerLoad } from './$types';
import { today } from '$lib/server/periods';
import { createSponsor, findSponsors } from '$lib/server/modules/mobilisation/mobilisation.service';
import { mobilisationSummary } from '$lib/server/modules/mobilisation/mobilisation.summary';
import { requireSomewhere, submitForm, summaryScope, unitsWhere } from '$lib/server/modules/mobilisation/mobilisation.http';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireSomewhere(locals, 'mobilisation.read');
	const db = (await locals.runtime()).database.db;
	const thisYear = Number(today().slice(0, 4));
	const asked = Number(url.searchParams.get('year'));
	const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear + 1 ? asked : thisYear;
	const [summary, sponsors, units] = await Promise.all([
		mobilisationSummary(db, summaryScope(actor, 'mobilisation.read'), `${year}-01-01`, `${year}-12-31`),
		findSponsors({ db, actor }, { limit: 200, offset: 0 }),
		unitsWhere(db, actor, 'mobilisation.edit')
	]);
	return { year, summary, sponsors: sponsors.items, units, done: url.searchParams.get('done') };
};

export const actions: Actions = {
	sponsor: (event) =>
		submitForm(
			event,
			'sponsor',
			(f) => (ctx) =>
				createSponsor(ctx, {
					unit: f.unit ?? '',
					kind: f.kind ?? '',
					name: f.name ?? '',
					contactPerson: f.contactPerson,
					phone: f.phone,
					address: f.address,
					consentPublic: f.consentPublic === 'on',
					consentContact: f.consentContact === 'on',
					note: f.note
				}),
			'/app/mobilisation?done=sponsor#sponsors'
		)
};
