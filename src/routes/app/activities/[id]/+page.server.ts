import { randomUUID } from 'node:crypto';
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { findAuditEntries, presentAuditEntry } from '$lib/server/audit/audit.service';
import { findChannels, findAudienceGroups, findFundingSources } from '$lib/server/modules/catalog/catalog.service';
import { addEvidence, deleteEvidence, getActivity, verifyActivity } from '$lib/server/modules/activities/activities.service';
import { evidenceKinds, type EvidenceKind } from '$lib/server/modules/activities/activities.schemas';
import { readUpload } from '$lib/server/files/upload';
import { MAX_STORED_FILE_BYTES } from '$lib/server/files/store';
import { AppError } from '$lib/server/errors';

/** The activity with everything recorded; the names of reached households shown are access-logged. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const activity = await getActivity({ db, actor, access: { screen: 'activity_page', purpose: 'activity' } }, params.id);
		const [channels, groups, sources, history] = await Promise.all([
			findChannels(db, locals.locale, { includeInactive: true }),
			findAudienceGroups(db, locals.locale),
			findFundingSources(db, locals.locale),
			canSomewhere(actor, 'audit.read')
				? findAuditEntries(db, actor, { entityType: 'activity', entityId: activity.id, kind: 'change', limit: 50, offset: 0 })
				: Promise.resolve(null)
		]);
		const name = (list: { code: string; name: string }[]) => Object.fromEntries(list.map((x) => [x.code, x.name]));
		return {
			activity,
			channelNames: name(channels),
			groupNames: name(groups),
			sourceNames: name(sources),
			history: history ? history.items.map(presentAuditEntry).map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action })) : null,
			done: url.searchParams.get('done')
		};
	});
};

async function run(event: RequestEvent<{ id: string }>, form: string, call: Parameters<typeof attempt>[1], done: string) {
	const outcome = await attempt(event, call);
	if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, form });
	redirect(303, `/app/activities/${event.params.id}?done=${done}`);
}

export const actions: Actions = {
	verify: (event) => run(event, 'verify', (ctx) => verifyActivity(ctx, event.params.id), 'verified'),
	/** A file (multipart) or a link; the evidence id is made here, the file checked by its content. */
	evidence: async (event) => {
		const data = await event.request.formData();
		const kindValue = String(data.get('evidenceKind') ?? 'photo');
		const kind: EvidenceKind = (evidenceKinds as readonly string[]).includes(kindValue) ? (kindValue as EvidenceKind) : 'photo';
		const caption = String(data.get('evidenceCaption') ?? '').slice(0, 300);
		const file = data.get('evidenceFile');
		const url = String(data.get('evidenceUrl') ?? '').trim();
		return run(
			event,
			'evidence',
			async (ctx) => {
				if (kind === 'link') return addEvidence(ctx, event.params.id, randomUUID(), { kind, caption, url });
				if (!(file instanceof File) || file.size === 0) throw new AppError('VALIDATION', 'activities.fileMissing');
				const bytes = await readUpload(file.stream(), MAX_STORED_FILE_BYTES);
				return addEvidence(ctx, event.params.id, randomUUID(), { kind, caption, name: file.name.slice(0, 200), bytes });
			},
			'evidence'
		);
	},
	deleteEvidence: async (event) => {
		const data = await event.request.formData();
		const evidenceId = String(data.get('evidenceId') ?? '');
		return run(event, 'deleteEvidence', (ctx) => deleteEvidence(ctx, event.params.id, evidenceId), 'evidenceDeleted');
	}
};
