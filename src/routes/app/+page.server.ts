import type { PageServerLoad } from './$types';
import { rolePermissions } from '$lib/server/access/roles';
import { canSomewhere } from '$lib/server/access/actor';
import { remindersFor } from '$lib/server/modules/reports/reports.reminders';
import { findMyReminders } from '$lib/server/modules/outreach/reminders.service';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor!;
	// Reports due soon or overdue of the actor's units (reports box).
	const reportReminders = canSomewhere(actor, 'reports.read') ? await remindersFor({ db: (await locals.runtime()).database.db, actor }, locals.locale) : null;
	// The actor's own unread reminders (reminders box).
	const myReminders = await findMyReminders({ db: (await locals.runtime()).database.db, actor }, { locale: locals.locale, unreadOnly: true, limit: 8 });
	return {
		myReminders,
		reportReminders,
		grants: actor.grants.map((g) => ({ role: g.role, unitCode: g.unitCode, unitName: g.unitName })),
		// Roles that see household reach (reach section of the page).
		reachRoles: actor.grants.filter((g) => rolePermissions[g.role].includes('activities.read') && rolePermissions[g.role].includes('households.counts')).map((g) => g.role)
	};
};
