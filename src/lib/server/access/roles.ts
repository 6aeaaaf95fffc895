/**
 * Roles and what each may do. Roles are code (each permission guards code paths); the units a
 * role reaches are data (role grants on units). Later modules add their permissions here.
 */
export const roles = [
	'admin',
	'province_officer',
	'commune_officer',
	'commune_leader',
	'finance_officer',
	'village_head',
	'organisation_member',
	'viewer',
	/** Granted explicitly to see household names where the role alone shows counts (a province). */
	'household_viewer'
] as const;
export type Role = (typeof roles)[number];

export const permissions = [
	'units.read',
	'units.manage',
	'users.manage',
	'audit.read',
	'tokens.own',
	'plans.read',
	'plans.edit',
	'plans.approve',
	'plans.issue',
	'tasks.work',
	/** Names and details of households (personal data). */
	'households.read',
	'households.edit',
	/** Counts by category and village, never names. */
	'households.counts',
	/** Phone and ID numbers unmasked. */
	'households.sensitive',
	'households.import',
	/** Activities of the actor's units: lists, calendar, reach counts (names of households need households.read). */
	'activities.read',
	/** Record and change activities, their counts, households and evidence. */
	'activities.edit',
	/** Mark a done activity verified (the commune officer), so it counts. */
	'activities.verify',
	/** Content items (articles, bulletins, social posts, leaflets) in any status. */
	'content.read',
	/** Write, submit for review, publish approved items; print runs and distribution. */
	'content.edit',
	/** Approve or return items in review (the approver is recorded). */
	'content.approve',
	/** Loudspeaker stations, slots, tokens, and placing bulletins on the schedule. */
	'stations.manage',
	/** Confirm that a scheduled bulletin was played (village head's button, or a controller). */
	'broadcasts.confirm',
	/** Feedback items of the actor's units: lists, dashboard (sender details need feedback.handle). */
	'feedback.read',
	/** Enter, assign, note, answer, close, merge and publish feedback; see the sender's details. */
	'feedback.handle',
	/** Feedback categories and their deadlines, public holidays (administrators). */
	'feedback.configure',
	/** Dialogues and public events: create, publish, registrations, attendance, questions, minutes. */
	'events.manage',
	/** Write exemplary stories, record the consent of the people shown, submit for approval. */
	'stories.edit',
	/** Approve, publish, withdraw and nominate stories. */
	'stories.approve',
	/** Reports of the actor's units and their dashboards. */
	'reports.read',
	/** Fill in and submit the unit's reports (narrative, manual figures). */
	'reports.edit',
	/** The unit's leader approves its report; approval locks the period. */
	'reports.approve',
	/** The level above accepts or returns reports of the units below, and unlocks periods. */
	'reports.accept',
	/** Report forms: indicators, period type, due day, level (administrators, province). */
	'reports.configure',
	/** Allocations, commitments and spending of the actor's units (a village head sees no money). */
	'budget.read',
	/** Record allocations (with their decisions) and spending lines with receipts. */
	'budget.edit',
	/** The finance officer: approve or send back spending, override an overspend, settle the year. */
	'budget.review',
	/** Sponsors, pledges, receipts, pairings and their visits. */
	'mobilisation.read',
	'mobilisation.edit',
	/** The communicator network and training courses (trainees, attendance, scores, certificates). */
	'training.read',
	'training.edit',
	/** The delivery log of the unit's outgoing messages, its publications and subscriber counts. */
	'outreach.read',
	/** Publish approved content to the unit's Facebook Page, Zalo OA and portal; send notices to consenting households. */
	'outreach.publish',
	/** The unit's platform accounts (tokens, webhook secrets), rate limits, and retrying dead messages. */
	'outreach.manage'
] as const;
export type Permission = (typeof permissions)[number];

const everyone: Permission[] = ['units.read', 'tokens.own', 'plans.read'];

export const rolePermissions: Record<Role, readonly Permission[]> = {
	admin: [...permissions],
	// The province drafts, approves and issues its own plan, which communes cascade from.
	province_officer: [
		...everyone,
		'audit.read',
		'plans.edit',
		'plans.approve',
		'plans.issue',
		'tasks.work',
		'households.counts',
		'activities.read',
		'activities.edit',
		'activities.verify',
		'content.read',
		'content.edit',
		'content.approve',
		'feedback.read',
		'feedback.handle',
		'events.manage',
		'stories.edit',
		'stories.approve',
		'reports.read',
		'reports.edit',
		'reports.approve',
		'reports.accept',
		'reports.configure',
		'budget.read',
		'budget.edit',
		'mobilisation.read',
		'mobilisation.edit',
		'training.read',
		'training.edit',
		'outreach.read',
		'outreach.publish',
		'outreach.manage'
	],
	// The culture-social officer drafts; the chair approves and signs; either may issue (register number).
	commune_officer: [
		...everyone,
		'audit.read',
		'plans.edit',
		'plans.issue',
		'tasks.work',
		'households.read',
		'households.edit',
		'households.counts',
		'households.sensitive',
		'households.import',
		'activities.read',
		'activities.edit',
		'activities.verify',
		'content.read',
		'content.edit',
		'stations.manage',
		'broadcasts.confirm',
		'feedback.read',
		'feedback.handle',
		'events.manage',
		'stories.edit',
		'reports.read',
		'reports.edit',
		'reports.accept',
		'budget.read',
		'budget.edit',
		'mobilisation.read',
		'mobilisation.edit',
		'training.read',
		'training.edit',
		'outreach.read',
		'outreach.publish',
		'outreach.manage'
	],
	// The chair approves what goes out in the commune's name and chairs its dialogues (an event
	// records its activity, so running one needs activities.edit as well as events.manage).
	commune_leader: [
		...everyone,
		'audit.read',
		'plans.approve',
		'plans.issue',
		'tasks.work',
		'households.counts',
		'activities.read',
		'activities.edit',
		'activities.verify',
		'content.read',
		'content.approve',
		'feedback.read',
		'feedback.handle',
		'events.manage',
		'stories.approve',
		'reports.read',
		'reports.approve',
		'reports.accept',
		'budget.read',
		'budget.review',
		'mobilisation.read',
		'training.read',
		'outreach.read'
	],
	// The finance officer guides and settles spending under the State Budget Law.
	finance_officer: [...everyone, 'tasks.work', 'activities.read', 'reports.read', 'budget.read', 'budget.edit', 'budget.review', 'mobilisation.read'],
	// A village head keeps the village's list: names yes, phone and ID numbers masked; records the
	// village's activities (offline too) and confirms loudspeaker plays.
	village_head: [
		...everyone,
		'tasks.work',
		'households.read',
		'households.edit',
		'households.counts',
		'activities.read',
		'activities.edit',
		'content.read',
		'broadcasts.confirm',
		'reports.read',
		'reports.edit',
		'reports.approve',
		'mobilisation.read',
		'training.read'
	],
	// Mass organisations run dialogues, contests and home visits and record them.
	organisation_member: [...everyone, 'tasks.work', 'activities.read', 'activities.edit', 'content.read', 'events.manage', 'stories.edit', 'mobilisation.read', 'mobilisation.edit', 'training.read', 'training.edit'],
	viewer: [...everyone, 'activities.read', 'content.read', 'feedback.read', 'reports.read', 'mobilisation.read', 'training.read'],
	household_viewer: ['units.read', 'households.read', 'households.counts']
};

/** The unit levels a role may be granted on (the administrator's grant has no unit). */
export const roleLevels: Record<Role, readonly string[]> = {
	admin: [],
	province_officer: ['province'],
	commune_officer: ['commune'],
	commune_leader: ['commune'],
	finance_officer: ['commune', 'province'],
	village_head: ['village'],
	organisation_member: ['commune', 'village', 'province'],
	viewer: ['province', 'district', 'commune', 'village'],
	household_viewer: ['province', 'commune']
};

export function isRole(value: string): value is Role {
	return (roles as readonly string[]).includes(value);
}
