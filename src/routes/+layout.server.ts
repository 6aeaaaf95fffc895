import type { LayoutServerLoad } from './$types';
import { workspaceNav } from '$lib/nav';
import { canSomewhere } from '$lib/server/access/actor';
import type { Permission } from '$lib/server/access/roles';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	const actor = locals.actor;
	return {
		locale: locals.locale,
		path: url.pathname + url.search,
		user: actor && actor.via === 'session' ? { username: actor.username, displayName: actor.displayName } : null,
		nav: actor
			? workspaceNav.filter((item) => item.permission === null || canSomewhere(actor, item.permission as Permission))
			: []
	};
};
