import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getPlan, updatePlan } from '$lib/server/modules/plans/plans.service';
import { PlanDocument } from '$lib/server/modules/plans/plans.interchange';
import { documentToEditor, editorToDocument, type EditorRows, type EditorText } from '$lib/server/modules/plans/plans.editor';
import { findAudienceGroups, findChannels, findFundingSources, findIndicators } from '$lib/server/modules/catalog/catalog.service';

/** Blank rows offered under the filled ones, to add targets and tasks without JavaScript. */
const BLANK_ROWS = 3;

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const plan = await getPlan({ db, actor }, params.id);
		if (!plan.actions.edit) error(plan.status === 'draft' ? 403 : 409, t(locals.locale, plan.status === 'draft' ? 'error.forbidden' : 'plan.notDraft'));
		const doc = PlanDocument.parse(plan);
		const [channels, audiences, fundingSources, indicators] = await Promise.all([
			findChannels(db, locals.locale),
			findAudienceGroups(db, locals.locale),
			findFundingSources(db, locals.locale),
			findIndicators(db, locals.locale)
		]);
		return {
			plan: { id: plan.id, title: plan.title, status: plan.status, version: plan.version, warnings: plan.warnings },
			text: documentToEditor(doc),
			rows: {
				targets: doc.targets.map((x) => ({ indicator: x.indicator, period: x.period, value: String(x.value) })),
				tasks: doc.tasks.map((x) => ({ assignee: x.assignee, text: x.text, due: x.due ?? '' })),
				channels: doc.channels,
				audiences: doc.audiences,
				fundingSources: doc.fundingSources
			} satisfies EditorRows,
			blankRows: BLANK_ROWS,
			catalog: {
				channels: channels.map(({ code, name }) => ({ code, name })),
				audiences: audiences.map(({ code, name }) => ({ code, name })),
				fundingSources: fundingSources.map(({ code, name }) => ({ code, name })),
				indicators: indicators.map(({ code, name, unit }) => ({ code, name, unit }))
			}
		};
	});
};

const textFields: (keyof EditorText)[] = [
	'issuer',
	'parentIssuer',
	'place',
	'symbol',
	'title',
	'periodFrom',
	'periodTo',
	'preamble',
	'bases',
	'body',
	'closing',
	'recipients',
	'signerAuthority',
	'signerTitle',
	'signerName'
];

const all = (data: FormData, name: string) => data.getAll(name).map((v) => (typeof v === 'string' ? v : ''));

/** The form as the editor's fields; rows are read column by column, in order. */
function readForm(data: FormData): { text: EditorText; rows: EditorRows } {
	const text = Object.fromEntries(textFields.map((k) => [k, String(data.get(k) ?? '')])) as unknown as EditorText;
	const [ind, per, val] = [all(data, 'targetIndicator'), all(data, 'targetPeriod'), all(data, 'targetValue')];
	const [who, what, due] = [all(data, 'taskAssignee'), all(data, 'taskText'), all(data, 'taskDue')];
	return {
		text,
		rows: {
			// Blank rows are dropped here, so a row's place in an error's path is its place on the page again.
			targets: ind.map((indicator, i) => ({ indicator, period: per[i] ?? '', value: val[i] ?? '' })).filter((r) => r.indicator || r.period.trim() || r.value.trim()),
			tasks: who.map((assignee, i) => ({ assignee, text: what[i] ?? '', due: due[i] ?? '' })).filter((r) => r.assignee.trim() || r.text.trim() || r.due),
			channels: all(data, 'channels'),
			audiences: all(data, 'audiences'),
			fundingSources: all(data, 'fundingSources')
		}
	};
}

export const actions: Actions = {
	default: async (event) => {
		const { text, rows } = readForm(await event.request.formData());
		const outcome = await attempt(event, async (ctx) => {
			const stored = PlanDocument.parse(await getPlan(ctx, event.params.id));
			const { document } = editorToDocument(stored, text, rows);
			return updatePlan(ctx, event.params.id, document as never);
		});
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, text, rows });
		redirect(303, `/app/plans/${event.params.id}?done=saved`);
	}
};
