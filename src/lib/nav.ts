import type { MessageKey } from './i18n';

/** Workspace navigation; the server keeps the entries whose permission the actor holds somewhere. */
export const workspaceNav: { href: string; label: MessageKey; permission: string | null }[] = [
	{ href: '/app', label: 'nav.home', permission: null },
	{ href: '/app/plans', label: 'plansPage.nav', permission: 'plans.read' },
	{ href: '/app/tasks', label: 'tasksPage.nav', permission: 'tasks.work' },
	{ href: '/app/activities', label: 'nav.activities', permission: 'activities.read' },
	{ href: '/app/content', label: 'nav.content', permission: 'content.read' },
	{ href: '/app/loudspeakers', label: 'nav.loudspeakers', permission: 'activities.read' },
	{ href: '/field', label: 'nav.field', permission: 'activities.edit' },
	{ href: '/app/events', label: 'events.nav', permission: 'activities.read' },
	{ href: '/app/feedback', label: 'feedback.nav', permission: 'feedback.read' },
	{ href: '/app/stories', label: 'stories.nav', permission: 'content.read' },
	{ href: '/app/reports', label: 'reports.nav', permission: 'reports.read' },
	{ href: '/app/dashboard', label: 'dashboards.nav', permission: 'reports.read' },
	{ href: '/app/budget', label: 'budget.nav', permission: 'budget.read' },
	{ href: '/app/mobilisation', label: 'mobilisation.nav', permission: 'mobilisation.read' },
	{ href: '/app/training', label: 'training.nav', permission: 'training.read' },
	{ href: '/app/outreach', label: 'outreach.nav', permission: 'outreach.read' },
	{ href: '/app/units', label: 'nav.units', permission: 'units.read' },
	{ href: '/app/households', label: 'households.title', permission: 'households.counts' },
	{ href: '/app/users', label: 'nav.users', permission: 'users.manage' },
	{ href: '/app/audit', label: 'nav.audit', permission: 'audit.read' },
	{ href: '/app/tokens', label: 'nav.tokens', permission: 'tokens.own' },
	{ href: '/app/account', label: 'nav.account', permission: null }
];
