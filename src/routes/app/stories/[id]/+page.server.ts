import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { AppError } from '$lib/server/errors';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getStory, type StoryCtx } from '$lib/server/modules/stories/stories.service';
import { approveStory, nominateStory, publishStory, returnStory, submitStory, unnominateStory, withdrawStory } from '$lib/server/modules/stories/stories.workflow';
import { recordStoryConsent, withdrawStoryConsent } from '$lib/server/modules/stories/stories.consents';
import { addStoryPhoto, removeStoryPhoto } from '$lib/server/modules/stories/stories.photos';
import { today } from '$lib/server/periods';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({ story: await getStory({ db, actor }, params.id), today: today(), done: url.searchParams.get('done') === '1' }));
};

type Fields = Record<string, string>;

/** A file field of the form, or null when none was chosen. */
async function fileOf(data: FormData, name: string) {
	const file = data.get(name);
	if (!(file instanceof File) || file.size === 0) return null;
	return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}

/**
 * Runs one form of the page: success reloads the page at the form's section; failure returns the
 * message, the form's name (so it shows beside that form) and what was typed.
 */
async function run(event: RequestEvent<{ id: string }>, name: string, call: (ctx: StoryCtx, fields: Fields, data: FormData) => Promise<unknown>) {
	let data: FormData;
	try {
		data = await event.request.formData();
	} catch {
		return fail(400, { form: name, error: t(event.locals.locale, 'error.validation'), details: [], fields: {} as Fields });
	}
	const fields: Fields = {};
	for (const [k, v] of data) if (typeof v === 'string') fields[k] = v;
	const outcome = await attempt(event, (ctx) => call(ctx, fields, data));
	if (!outcome.ok) return fail(outcome.status, { form: name, error: outcome.error, details: outcome.details, fields });
	const anchor = name === 'consent' || name === 'withdrawConsent' ? 'consents' : name === 'photo' || name === 'removePhoto' ? 'photos' : 'workflow';
	redirect(303, `/app/stories/${event.params.id}?done=1#${anchor}`);
}

export const actions: Actions = {
	submit: (e) => run(e, 'workflow', (ctx) => submitStory(ctx, e.params.id)),
	approve: (e) => run(e, 'workflow', (ctx) => approveStory(ctx, e.params.id)),
	return: (e) => run(e, 'return', (ctx, f) => returnStory(ctx, e.params.id, { comment: f.comment ?? '' })),
	publish: (e) => run(e, 'workflow', (ctx) => publishStory(ctx, e.params.id)),
	withdraw: (e) => run(e, 'withdraw', (ctx, f) => withdrawStory(ctx, e.params.id, f.reason)),
	nominate: (e) => run(e, 'nominate', (ctx, f) => nominateStory(ctx, e.params.id, { reason: f.reason ?? '' })),
	unnominate: (e) => run(e, 'nominate', (ctx) => unnominateStory(ctx, e.params.id)),
	consent: (e) =>
		run(e, 'consent', async (ctx, f, data) =>
			recordStoryConsent(ctx, e.params.id, { personName: f.personName ?? '', givenOn: f.givenOn ?? '', method: (f.method ?? '') as never }, await fileOf(data, 'form'))
		),
	withdrawConsent: (e) => run(e, 'withdrawConsent', (ctx, f) => withdrawStoryConsent(ctx, e.params.id, f.consentId ?? '')),
	photo: (e) =>
		run(e, 'photo', async (ctx, f, data) => {
			const image = await fileOf(data, 'file');
			if (!image) throw new AppError('VALIDATION', 'stories.photoMissing');
			return addStoryPhoto(ctx, e.params.id, { alt: f.alt ?? '', caption: f.caption?.trim() ? f.caption : null }, image);
		}),
	removePhoto: (e) => run(e, 'removePhoto', (ctx, f) => removeStoryPhoto(ctx, e.params.id, f.photoId ?? ''))
};
