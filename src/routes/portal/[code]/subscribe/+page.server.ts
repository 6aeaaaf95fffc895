import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { toErrorBody } from '$lib/server/api/errors';
import { requireActive } from '$lib/server/modules/portal/portal.http';
import { takeSubmission } from '$lib/server/modules/feedback/feedback.limits';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';
import { normaliseAddress, subscribe } from '$lib/server/modules/outreach/subscriptions.service';

export const load: PageServerLoad = async ({ parent }) => {
	const { portal } = await parent();
	requireActive(portal);
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const { locals, params } = event;
		let fields = { channel: 'sms', address: '', topics: ['news'] as string[] };
		try {
			const data = await event.request.formData();
			const text = (name: string, max: number) => (typeof data.get(name) === 'string' ? String(data.get(name)).slice(0, max) : '');
			fields = { channel: text('channel', 10), address: text('address', 300), topics: data.getAll('topics').filter((v): v is string => typeof v === 'string').slice(0, 5).map((v) => v.slice(0, 20)) };
			// The honeypot: people leave it empty (it is off-screen); a robot filling every box does not.
			if (text('website', 200)) return fail(400, { error: t(locals.locale, 'publishing.sub.honeypot'), details: [], fields });
			// Rate-limited with the feedback form's limits: per address of the visitor, and per phone or e-mail.
			const channel = fields.channel === 'email' || fields.channel === 'zns' ? fields.channel : 'sms';
			takeSubmission(clientAddress(event), normaliseAddress(channel, fields.address));
			const db = (await locals.runtime()).database.db;
			await subscribe(db, { unit: params.code.slice(0, 40), topics: fields.topics as never, channel: fields.channel as never, address: fields.address, locale: locals.locale });
			return { sent: true, fields: { channel: fields.channel, address: '', topics: fields.topics } };
		} catch (err) {
			const { status, body } = toErrorBody(err, locals.locale);
			return fail(status, { error: body.error.message, details: body.error.details, fields });
		}
	}
};
