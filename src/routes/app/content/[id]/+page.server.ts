import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { AppError } from '$lib/server/errors';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getContent, villageChoices, type ContentCtx } from '$lib/server/modules/content/content.service';
import { approveContent, publishContent, returnContent, submitContent } from '$lib/server/modules/content/content.workflow';
import { generateLeafletPdf, uploadLeafletPdf } from '$lib/server/modules/content/content.leaflet';
import { addDistribution, addPrintRun } from '$lib/server/modules/content/content.printing';
import { today } from '$lib/server/periods';
import { canSomewhere } from '$lib/server/access/actor';
import { findItemPublications } from '$lib/server/modules/outreach/publications.service';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const item = await getContent({ db, actor }, params.id);
		const villages = item.actions.print ? await villageChoices({ db, actor }, item) : [];
		// Where the item went (portal, Facebook, Zalo) and whether this person may publish it there.
		const publications = canSomewhere(actor, 'outreach.read') ? await findItemPublications(db, actor, item.id) : [];
		const canPublishOut = canSomewhere(actor, 'outreach.publish') && (item.status === 'approved' || item.status === 'published');
		return { item, villages, today: today(), done: url.searchParams.get('done'), publications, canPublishOut };
	});
};

type Fields = Record<string, string>;

/**
 * Runs one form of the page: success reloads the page with what was done; failure returns the
 * message, the form's name (so it shows beside that form) and what was typed.
 */
async function run(event: RequestEvent<{ id: string }>, name: string, call: (ctx: ContentCtx, fields: Fields, data: FormData) => Promise<unknown>) {
	const data = await event.request.formData();
	const fields: Fields = {};
	for (const [k, v] of data) if (typeof v === 'string') fields[k] = v;
	const outcome = await attempt(event, (ctx) => call(ctx, fields, data));
	if (!outcome.ok) return fail(outcome.status, { form: name, error: outcome.error, details: outcome.details, fields });
	redirect(303, `/app/content/${event.params.id}?done=${name}#${name === 'print' || name === 'distribute' ? 'printing' : 'top'}`);
}

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

export const actions: Actions = {
	submit: (e) => run(e, 'submit', (ctx) => submitContent(ctx, e.params.id)),
	approve: (e) => run(e, 'approve', (ctx) => approveContent(ctx, e.params.id)),
	return: (e) => run(e, 'return', (ctx, f) => returnContent(ctx, e.params.id, { comment: f.comment ?? '' })),
	publish: (e) => run(e, 'publish', (ctx) => publishContent(ctx, e.params.id)),
	upload: (e) =>
		run(e, 'pdf', async (ctx, _f, data) => {
			const file = data.get('file');
			if (!(file instanceof File) || file.size === 0) throw new AppError('VALIDATION', 'content.uploadMissing');
			return uploadLeafletPdf(ctx, e.params.id, { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name });
		}),
	generate: (e) =>
		run(e, 'pdf', (ctx, f) =>
			generateLeafletPdf(ctx, e.params.id, { size: f.size === 'A5' ? 'A5' : f.size === 'A4' || !f.size ? 'A4' : (f.size as never), contact: blank(f.contact) }, { locale: e.locals.locale })
		),
	print: (e) =>
		run(e, 'print', (ctx, f) =>
			addPrintRun(ctx, e.params.id, { printedOn: f.printedOn ?? '', quantity: f.quantity as never, printer: blank(f.printer), cost: blank(f.cost) as never })
		),
	distribute: (e) =>
		run(e, 'distribute', (ctx, f) => addDistribution(ctx, e.params.id, { village: f.village ?? '', quantity: f.quantity as never, distributedOn: f.distributedOn ?? '' }))
};
