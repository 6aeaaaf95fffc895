import type { Actions, PageServerLoad } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { today } from '$lib/server/periods';
import { createGift, createPledge, createReceipt, getSponsorDetail, updateSponsor } from '$lib/server/modules/mobilisation/mobilisation.service';
import { activityChoices, findHouseholdChoices } from '$lib/server/modules/mobilisation/mobilisation.choices';
import { submitForm } from '$lib/server/modules/mobilisation/mobilisation.http';

const access = { screen: 'sponsor_page', purpose: 'mobilisation' };

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const detail = await getSponsorDetail({ db, actor, access }, params.id);
		const q = url.searchParams.get('q');
		const year = Number(today().slice(0, 4));
		const [households, activities] = detail.canEdit
			? await Promise.all([
					findHouseholdChoices({ db, actor }, q, { unitPath: detail.unitPath, year, poorOnly: false, purpose: 'gift' }),
					activityChoices({ db, actor }, detail.unitPath)
				])
			: [[], []];
		const { unitPath: _path, ...shown } = detail;
		return { ...shown, q: q ?? '', households, activities, today: today(), done: url.searchParams.get('done') };
	});
};

const back = (id: string, anchor: string) => `/app/mobilisation/sponsors/${id}?done=1#${anchor}`;

export const actions: Actions = {
	update: (event) =>
		submitForm(
			event,
			'update',
			(f) => (ctx) =>
				updateSponsor(ctx, event.params.id!, {
					kind: f.kind ?? '',
					name: f.name ?? '',
					contactPerson: f.contactPerson,
					phone: f.phone,
					address: f.address,
					consentPublic: f.consentPublic === 'on',
					consentContact: f.consentContact === 'on',
					note: f.note
				}),
			back(event.params.id!, 'details')
		),
	pledge: (event) =>
		submitForm(
			event,
			'pledge',
			(f) => (ctx) => createPledge(ctx, event.params.id!, { kind: f.kind ?? '', amount: f.amount ?? '', description: f.description, pledgedOn: f.pledgedOn ?? '', purpose: f.purpose }),
			back(event.params.id!, 'pledges')
		),
	receipt: (event) =>
		submitForm(
			event,
			'receipt',
			(f) => (ctx) =>
				createReceipt(ctx, f.pledge ?? '', { amount: f.amount ?? '', receivedOn: f.receivedOn ?? '', receivedBy: f.receivedBy ?? '', overDelivery: f.overDelivery === 'on', note: f.note }),
			back(event.params.id!, 'pledges')
		),
	gift: (event) =>
		submitForm(
			event,
			'gift',
			(f) => (ctx) =>
				createGift(ctx, f.receipt ?? '', {
					household: f.target?.startsWith('h:') ? f.target.slice(2) : null,
					activity: f.target?.startsWith('a:') ? f.target.slice(2) : null,
					description: f.description ?? '',
					value: f.value ?? '',
					givenOn: f.givenOn ?? ''
				}),
			back(event.params.id!, 'pledges')
		)
};
