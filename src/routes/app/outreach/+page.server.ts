import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { outboxOverview } from '$lib/server/modules/outreach/outbox.log';

/** The outreach hub: counts of the actor's units by status and channel, the last week, and the pages of outreach. */
export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'outreach.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({
		overview: await outboxOverview({ db, actor, locale: locals.locale }),
		links: [
			{ href: '/app/outreach/messages', key: 'outreach.link.messages' as const, show: true },
			{ href: '/app/outreach/publish', key: 'outreach.link.publish' as const, show: canSomewhere(actor, 'outreach.publish') },
			{ href: '/app/outreach/notices', key: 'outreach.link.notices' as const, show: canSomewhere(actor, 'outreach.publish') },
			{ href: '/app/outreach/subscriptions', key: 'outreach.link.subscriptions' as const, show: true },
			{ href: '/app/outreach/accounts', key: 'outreach.link.accounts' as const, show: canSomewhere(actor, 'outreach.manage') }
		].filter((l) => l.show)
	}));
};
