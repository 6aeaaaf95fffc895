import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, formObject, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getReport } from '$lib/server/modules/reports/reports.service';
import { acceptReport, approveReport, returnReport, saveReport, submitReport, unlockReport } from '$lib/server/modules/reports/reports.workflow';
import { narrativeSections } from '$lib/server/modules/reports/reports.tables';
import { today } from '$lib/server/periods';
import type { ReportCtx } from '$lib/server/modules/reports/reports.service';

/** The report with its figures (live or frozen), sections, units below, lock and history. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({
		locale: locals.locale,
		report: await getReport({ db, actor }, params.id),
		sections: narrativeSections,
		today: today(),
		done: url.searchParams.get('done')
	}));
};

/** A whole number from a form field, NaN when it is not one (the schema then refuses it with a message). */
function figureValue(raw: string): number {
	const text = raw.replace(/[\s.]/g, '');
	return /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
}

/** The narrative and entered figures of the report's form fields. */
function contentOf(data: Record<string, string>) {
	const narrative = Object.fromEntries(narrativeSections.map((s) => [s, data[`narrative_${s}`] ?? '']));
	const manualFigures: Record<string, number> = {};
	for (const [k, v] of Object.entries(data)) if (k.startsWith('manual_') && v.trim() !== '') manualFigures[k.slice(7)] = figureValue(v);
	return { version: Number(data.version), narrative, manualFigures };
}

async function run(event: RequestEvent<{ id: string }>, formName: string, call: (ctx: ReportCtx, data: Record<string, string>) => Promise<unknown>, done: string) {
	const data = await formObject(event.request);
	const outcome = await attempt(event, (ctx) => call(ctx, data));
	if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, form: formName, values: data });
	redirect(303, `/app/reports/${event.params.id}?done=${done}`);
}

export const actions: Actions = {
	save: (event) => run(event, 'edit', (ctx, data) => saveReport(ctx, event.params.id, contentOf(data)), 'saved'),
	/** Saves what is in the form, then submits it (the save stays if the submission is refused). */
	submit: (event) =>
		run(
			event,
			'edit',
			async (ctx, data) => {
				const saved = await saveReport(ctx, event.params.id, contentOf(data));
				return submitReport(ctx, event.params.id, { version: saved.version, missingNote: data.missingNote });
			},
			'submitted'
		),
	approve: (event) => run(event, 'approve', (ctx, data) => approveReport(ctx, event.params.id, { version: Number(data.version) }), 'approved'),
	accept: (event) => run(event, 'accept', (ctx, data) => acceptReport(ctx, event.params.id, { version: Number(data.version) }), 'accepted'),
	return: (event) => run(event, 'return', (ctx, data) => returnReport(ctx, event.params.id, { version: Number(data.version), comment: data.comment ?? '' }), 'returned'),
	unlock: (event) => run(event, 'unlock', (ctx, data) => unlockReport(ctx, event.params.id, { version: Number(data.version), reason: data.reason ?? '' }), 'unlocked')
};
