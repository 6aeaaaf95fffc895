import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { canSomewhere } from '$lib/server/access/actor';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { findContents } from '$lib/server/modules/content/content.service';
import { contentKinds, contentStatuses } from '$lib/server/modules/content/content.schemas';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'content.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const q = (name: string) => url.searchParams.get(name)?.trim() || undefined;
	const filter = {
		kind: q('kind'),
		status: q('status'),
		unit: q('unit'),
		q: q('q'),
		awaitingMe: q('awaitingMe') === '1' ? '1' : undefined,
		limit: q('limit') ?? '50',
		offset: q('offset') ?? '0'
	};
	return orErrorPage(locals.locale, async () => ({
		list: await findContents({ db, actor }, filter as never),
		filter: { kind: filter.kind ?? '', status: filter.status ?? '', unit: filter.unit ?? '', q: filter.q ?? '', awaitingMe: !!filter.awaitingMe },
		kinds: contentKinds,
		statuses: contentStatuses,
		canWrite: canSomewhere(actor, 'content.edit'),
		canApprove: canSomewhere(actor, 'content.approve')
	}));
};
