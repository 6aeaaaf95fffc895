import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getPortalPage, paragraphsOf } from '$lib/server/modules/portal/portal.service';
import { orPortalError, publicCache, requireActive } from '$lib/server/modules/portal/portal.http';
import { portalFunds } from '$lib/server/modules/mobilisation/mobilisation.portal';
import { today } from '$lib/server/periods';

export const load: PageServerLoad = async ({ parent, locals, setHeaders }) => {
	const { portal } = await parent();
	requireActive(portal);
	const db = (await locals.runtime()).database.db;
	const written = await orPortalError(() => getPortalPage(db, portal, 'programme'));
	setHeaders(publicCache(!!locals.actor));
	// Until the unit writes its own, the general text of the programme is shown.
	const programme = written
		? { title: written.title, blocks: written.blocks, updatedOn: written.updatedOn }
		: { title: t(locals.locale, 'portal.programme.defaultTitle'), blocks: paragraphsOf(t(locals.locale, 'portal.programme.defaultBody')), updatedOn: null };
	const funds = await portalFunds(db, portal.path, Number(today().slice(0, 4)));
	return { programme, funds };
};
