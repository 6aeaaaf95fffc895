import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere, scopePaths } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, formObject, signedIn } from '$lib/server/http/actions';
import { createFeedback } from '$lib/server/modules/feedback/feedback.intake';
import { findCategories } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackCreateInput, officerChannels } from '$lib/server/modules/feedback/feedback.schemas';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'feedback.handle')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const paths = scopePaths(actor, 'feedback.handle');
	const unit = paths?.length ? (actor.grants.find((g) => g.unitPath === paths[0])?.unitCode ?? '') : '';
	return { categories: await findCategories(db, locals.locale), channels: [...officerChannels], unit };
};

export const actions: Actions = {
	default: async (event) => {
		const fields = await formObject(event.request);
		const outcome = await attempt(event, (ctx) =>
			createFeedback(
				ctx,
				FeedbackCreateInput.parse({
					unit: fields.unit ?? '',
					category: fields.category || null,
					channel: fields.channel,
					title: fields.title ?? '',
					body: fields.body ?? '',
					name: fields.name || null,
					phone: fields.phone || null,
					anonymous: fields.anonymous === 'on',
					consent: fields.consent === 'on',
					publish: fields.publish === 'on',
					receivedOn: fields.receivedOn || null
				})
			)
		);
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields });
		redirect(303, `/app/feedback/${outcome.value.id}?done=created`);
	}
};
