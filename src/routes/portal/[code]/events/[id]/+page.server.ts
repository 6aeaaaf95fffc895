import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { toErrorBody } from '$lib/server/api/errors';
import { formObject, orErrorPage } from '$lib/server/http/actions';
import { getPublicEvent, registerForEvent } from '$lib/server/modules/events/events.public';
import { RegistrationInput } from '$lib/server/modules/events/events.schemas';
import { takeSubmission } from '$lib/server/modules/feedback/feedback.limits';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';

/** A published event as the portal shows it: no one's personal data, only the places left. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const db = (await locals.runtime()).database.db;
	const code = params.code.slice(0, 40);
	return orErrorPage(locals.locale, async () => ({ code, ...(await getPublicEvent(db, params.id.slice(0, 100), locals.locale, { portalCode: code })) }));
};

const formFields = ['name', 'phone', 'village', 'group', 'note'];

/** Only the fields the form has; anything else a client adds is ignored, never stored. */
const pick = (f: Record<string, string>) => Object.fromEntries(formFields.filter((n) => typeof f[n] === 'string').map((n) => [n, f[n].slice(0, 20_000)]));

export const actions: Actions = {
	/** Registration by a plain form post; rate-limited like the public feedback intake. */
	register: async (event) => {
		const { locals, params } = event;
		let fields: Record<string, string> = {};
		let reference: string;
		try {
			fields = await formObject(event.request);
			// The honeypot: people leave it empty (it is off-screen); a robot filling every box does not.
			if (fields.website) return fail(400, { error: t(locals.locale, 'events.honeypot'), details: [], fields: pick(fields) });
			const input = RegistrationInput.parse(pick(fields));
			takeSubmission(clientAddress(event), input.phone);
			const db = (await locals.runtime()).database.db;
			reference = (await registerForEvent(db, params.id.slice(0, 100), input, { portalCode: params.code.slice(0, 40) })).reference;
		} catch (err) {
			const { status, body } = toErrorBody(err, locals.locale);
			return fail(status, { error: body.error.message, details: body.error.details, fields: pick(fields) });
		}
		redirect(303, `/portal/${encodeURIComponent(params.code.slice(0, 40))}/events/${encodeURIComponent(params.id.slice(0, 100))}/registered?ref=${reference}`);
	}
};
