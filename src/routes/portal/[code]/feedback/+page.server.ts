import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { toErrorBody } from '$lib/server/api/errors';
import { formObject } from '$lib/server/http/actions';
import { publicUnitPage } from '$lib/server/modules/units/units.public';
import { findPublishedQuestions, reopenFeedback, submitFeedback, trackFeedback } from '$lib/server/modules/feedback/feedback.intake';
import { findCategories } from '$lib/server/modules/feedback/feedback.service';
import { takeLookup, takeSubmission } from '$lib/server/modules/feedback/feedback.limits';
import { FeedbackReopenInput, FeedbackSubmitInput } from '$lib/server/modules/feedback/feedback.schemas';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';
import { formatTrackingCode } from '$lib/server/modules/feedback/feedback.codes';

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = (await locals.runtime()).database.db;
	const unit = await publicUnitPage(db, params.code.slice(0, 40));
	if (!unit) error(404, t(locals.locale, 'portal.notFound'));
	const [categories, questions] = await Promise.all([findCategories(db, locals.locale), findPublishedQuestions(db, unit.code, locals.locale)]);
	return { unit: { code: unit.code, name: unit.name, ancestors: unit.ancestors, active: !unit.successor && !unit.validTo }, categories, questions };
};

const formFields = ['category', 'title', 'body', 'name', 'phone', 'anonymous', 'consent', 'publish'];

/** Only the fields the form has; anything else a client adds is ignored, never stored. */
const pick = (f: Record<string, string>, names: string[]) => Object.fromEntries(names.filter((n) => typeof f[n] === 'string').map((n) => [n, f[n].slice(0, 20_000)]));

export const actions: Actions = {
	submit: async (event) => {
		const { locals, params } = event;
		let fields: Record<string, string> = {};
		try {
			fields = await formObject(event.request);
			// The honeypot: people leave it empty (it is off-screen); a robot filling every box does not.
			if (fields.website) return fail(400, { action: 'submit', error: t(locals.locale, 'feedback.honeypot'), details: [], fields: pick(fields, formFields) });
			const input = FeedbackSubmitInput.parse({
				...pick(fields, formFields),
				unit: params.code,
				anonymous: fields.anonymous === 'on',
				consent: fields.consent === 'on',
				publish: fields.publish === 'on'
			});
			takeSubmission(clientAddress(event), input.anonymous ? null : input.phone);
			const db = (await locals.runtime()).database.db;
			const { trackingCode } = await submitFeedback(db, input, 'portal');
			return { action: 'submit', sent: formatTrackingCode(trackingCode) };
		} catch (err) {
			const { status, body } = toErrorBody(err, locals.locale);
			return fail(status, { action: 'submit', error: body.error.message, details: body.error.details, fields: pick(fields, formFields) });
		}
	},
	track: async (event) => {
		const { locals } = event;
		let code = '';
		try {
			code = ((await formObject(event.request)).code ?? '').slice(0, 40);
			takeLookup(clientAddress(event));
			const db = (await locals.runtime()).database.db;
			return { action: 'track', code, status: await trackFeedback(db, code, locals.locale) };
		} catch (err) {
			const { status, body } = toErrorBody(err, locals.locale);
			return fail(status, { action: 'track', code, error: body.error.message, details: body.error.details });
		}
	},
	reopen: async (event) => {
		const { locals } = event;
		let code = '';
		try {
			const fields = await formObject(event.request);
			code = (fields.code ?? '').slice(0, 40);
			const { reason } = FeedbackReopenInput.parse({ reason: (fields.reason ?? '').slice(0, 20_000) });
			takeLookup(clientAddress(event));
			const db = (await locals.runtime()).database.db;
			return { action: 'track', code, reopened: true, status: await reopenFeedback(db, code, reason, locals.locale) };
		} catch (err) {
			const { status, body } = toErrorBody(err, locals.locale);
			return fail(status, { action: 'reopen', code, error: body.error.message, details: body.error.details });
		}
	}
};
