import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { attempt, formObject, orErrorPage, signedIn } from '$lib/server/http/actions';
import { can } from '$lib/server/access/actor';
import { selectUnitByCode } from '$lib/server/modules/units/units.repository';
import {
	addFeedbackNote,
	answerFeedback,
	assignFeedback,
	closeFeedback,
	findAssignees,
	getFeedback,
	mergeFeedback,
	publishFeedback,
	type Ctx
} from '$lib/server/modules/feedback/feedback.service';
import { FeedbackAnswerInput, FeedbackAssignInput, FeedbackCloseInput, FeedbackMergeInput, FeedbackNoteInput, FeedbackPublishInput } from '$lib/server/modules/feedback/feedback.schemas';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const item = await getFeedback({ db, actor, locale: locals.locale }, params.id);
		const unit = await selectUnitByCode(db, item.unitCode);
		const canHandle = !!unit && can(actor, 'feedback.handle', unit.unit.path);
		const assignees = canHandle && unit ? await findAssignees(db, unit.unit.path) : [];
		return { item, canHandle, assignees, done: url.searchParams.get('done') === 'created' ? t(locals.locale, 'feedback.created', { code: item.trackingCode }) : null };
	});
};

/** Runs one workflow step from a form and comes back to the item (303), or shows the error. */
async function stepAction(event: RequestEvent<{ id: string }>, name: string, fn: (ctx: Ctx, id: string, fields: Record<string, string>) => Promise<unknown>) {
	const fields = await formObject(event.request);
	const outcome = await attempt(event, (ctx) => fn({ ...ctx, locale: event.locals.locale }, event.params.id, fields));
	if (!outcome.ok) return fail(outcome.status, { action: name, error: outcome.error, details: outcome.details, fields });
	redirect(303, `/app/feedback/${event.params.id}`);
}

export const actions: Actions = {
	assign: (e) => stepAction(e, 'assign', (ctx, id, f) => assignFeedback(ctx, id, FeedbackAssignInput.parse({ assignee: f.assignee ?? '' }).assignee)),
	note: (e) => stepAction(e, 'note', (ctx, id, f) => addFeedbackNote(ctx, id, FeedbackNoteInput.parse({ text: f.text ?? '' }).text)),
	answer: (e) => stepAction(e, 'answer', (ctx, id, f) => answerFeedback(ctx, id, FeedbackAnswerInput.parse({ answer: f.answer ?? '' }).answer)),
	close: (e) => stepAction(e, 'close', (ctx, id, f) => closeFeedback(ctx, id, FeedbackCloseInput.parse({ note: f.note || null }).note)),
	merge: (e) => stepAction(e, 'merge', (ctx, id, f) => mergeFeedback(ctx, id, FeedbackMergeInput.parse({ into: f.into ?? '' }).into)),
	publish: (e) =>
		stepAction(e, 'publish', (ctx, id, f) => publishFeedback(ctx, id, FeedbackPublishInput.parse({ published: f.published === 'true', question: f.question || null })))
};
