import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { roles, rolePermissions, type Permission } from '../../access/roles';
import { today as todayOf, periodLabel, TIME_ZONE } from '../../periods';
import { addCalendarDays, addWorkingDays, holidaysAround } from '../../workdays';
import { rowsOf } from '../activities/activities.reach';
import { findDueReports } from '../reports/reports.reminders';

/**
 * Collects reminders for officers: one `reminders` row per person and subject, for reports due
 * soon or overdue (and submitted, waiting for the leader), feedback nearing its deadline, plan
 * tasks due, and content, stories and spending waiting for approval. One statement writes what is
 * due now and removes what is done (report submitted, item answered, content approved), so the
 * table always holds exactly the reminders that still stand. The hourly job 'reminders-collect'
 * runs it; running it twice changes nothing.
 */

export const REMINDER_KINDS = ['report_due', 'feedback_deadline', 'task_due', 'approval_waiting'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Reports and plan tasks are reminded of this many calendar days before they fall due. */
export const DUE_AHEAD_DAYS = 3;
/** Feedback is reminded of this many working days before its deadline. */
export const FEEDBACK_AHEAD_WORKING_DAYS = 2;

/** What a reminder's params carry, for the catalog (reminders.presenter). */
export interface ReminderParams {
	/** report, report_submitted, feedback, task, content, story, spending */
	subject: string;
	/** due_soon, overdue, waiting */
	stage: string;
	title: string;
	titleEn?: string;
	unit: string;
	dueOn?: string | null;
	/** A period key the title is of, shown as its label in the reader's language. */
	period?: string;
}

/** The roles that carry a permission, as an SQL text[] literal. */
function rolesWith(permission: Permission): SQL {
	const held = roles.filter((r) => r !== 'admin' && rolePermissions[r].includes(permission));
	return sql`ARRAY[${sql.join(
		held.map((r) => sql`${r}`),
		sql`, `
	)}]::text[]`;
}

/** Midnight in Việt Nam of a calendar date column, stored as the reminder's due time. */
const dueAt = (dateSql: SQL) => sql`((${dateSql})::date::timestamp AT TIME ZONE ${TIME_ZONE})`;

/**
 * The people to remind of each subject: its assignee when it has one, else the holders of a role
 * carrying `permission` nearest to the subject's unit (a grant on the unit itself, else on the
 * closest unit above it that has any), never the subject's author. `subjects` yields kind,
 * subject_key, unit_id, params, link, due_at, exclude_user, assignee.
 */
function nearestHolders(subjects: SQL, permission: Permission): SQL {
	return sql`(
		WITH s AS (${subjects})
		SELECT user_id, kind, subject_key, unit_id, params, link, due_at FROM (
			SELECT g.user_id, s.kind, s.subject_key, s.unit_id, s.params, s.link, s.due_at,
				rank() OVER (PARTITION BY s.kind, s.subject_key ORDER BY length(gu.path) DESC) AS nearness
			FROM s
			JOIN units u ON u.id = s.unit_id
			JOIN role_grants g ON g.role = ANY(${rolesWith(permission)}) AND g.unit_id IS NOT NULL
			JOIN units gu ON gu.id = g.unit_id AND starts_with(u.path, gu.path)
			JOIN users us ON us.id = g.user_id AND NOT us.disabled
			WHERE s.assignee IS NULL AND (s.exclude_user IS NULL OR g.user_id <> s.exclude_user)
		) h WHERE nearness = 1
		UNION ALL
		SELECT s.assignee, s.kind, s.subject_key, s.unit_id, s.params, s.link, s.due_at
		FROM s JOIN users us ON us.id = s.assignee AND NOT us.disabled
		WHERE s.assignee IS NOT NULL
	)`;
}

/** Reports due soon or overdue (the reports module's own rule), for the unit's report writers. */
async function reportsDue(db: Db, on: string): Promise<SQL | null> {
	const due = await findDueReports(db, on);
	if (!due.length) return null;
	const rows = due.map((d) => ({
		key: `report:${d.key}:${d.kind}`,
		unit_id: d.unit.id,
		due_on: d.dueOn,
		link: d.reportId ? `/app/reports/${d.reportId}` : '/app/reports',
		params: {
			subject: 'report',
			stage: d.kind,
			title: `${d.form.nameVi} — ${periodLabel(d.period, 'vi')}`,
			titleEn: `${d.form.nameEn} — ${periodLabel(d.period, 'en')}`,
			unit: d.unit.name,
			dueOn: d.dueOn
		} satisfies ReminderParams
	}));
	return nearestHolders(
		sql`SELECT 'report_due'::text AS kind, r.key AS subject_key, r.unit_id, r.params, r.link, ${dueAt(sql`r.due_on`)} AS due_at,
			NULL::uuid AS exclude_user, NULL::uuid AS assignee
		FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(key text, unit_id uuid, due_on date, link text, params jsonb)`,
		'reports.edit'
	);
}

/** Reports submitted and waiting for the unit's leader to approve them. */
function reportsSubmitted(): SQL {
	return nearestHolders(
		sql`SELECT 'report_due'::text AS kind, 'report:' || r.id || ':submitted' AS subject_key, r.unit_id,
			jsonb_build_object('subject', 'report_submitted', 'stage', 'waiting',
				'title', f.name_vi, 'titleEn', f.name_en, 'period', r.period_key,
				'unit', u.name, 'dueOn', r.due_on) AS params,
			'/app/reports/' || r.id AS link, ${dueAt(sql`r.due_on`)} AS due_at, NULL::uuid AS exclude_user, NULL::uuid AS assignee
		FROM reports r JOIN report_forms f ON f.code = r.form_code JOIN units u ON u.id = r.unit_id
		WHERE r.status = 'submitted'`,
		'reports.approve'
	);
}

/** Open feedback due within two working days or overdue: its assignee, else the handling unit's handlers. */
async function feedbackDue(db: Db, on: string): Promise<SQL> {
	const until = addWorkingDays(on, FEEDBACK_AHEAD_WORKING_DAYS, await holidaysAround(db, on));
	return nearestHolders(
		sql`SELECT 'feedback_deadline'::text AS kind,
			'feedback:' || f.id || ':' || CASE WHEN f.due_date < ${on}::date THEN 'overdue' ELSE 'due_soon' END AS subject_key,
			f.handling_unit_id AS unit_id,
			jsonb_build_object('subject', 'feedback', 'stage', CASE WHEN f.due_date < ${on}::date THEN 'overdue' ELSE 'due_soon' END,
				'title', f.tracking_code || ' · ' || left(f.title, 120), 'unit', u.name, 'dueOn', f.due_date) AS params,
			'/app/feedback/' || f.id AS link, ${dueAt(sql`f.due_date`)} AS due_at, NULL::uuid AS exclude_user, f.assignee_id AS assignee
		FROM feedback_items f JOIN units u ON u.id = f.handling_unit_id
		WHERE f.status IN ('received', 'assigned') AND f.merged_into_id IS NULL AND f.due_date <= ${until}::date`,
		'feedback.handle'
	);
}

/**
 * Open tasks of plans in force due within three days or overdue, for the holders of the task's
 * role on the plan's unit, a unit above it or a village below it (as the tasks page shows them).
 */
function tasksDue(on: string): SQL {
	const until = addCalendarDays(on, DUE_AHEAD_DAYS);
	const stage = sql`CASE WHEN t.due < ${on}::date THEN 'overdue' ELSE 'due_soon' END`;
	return sql`(
		SELECT DISTINCT g.user_id, 'task_due'::text AS kind, 'task:' || t.id || ':' || ${stage} AS subject_key, t.unit_id,
			jsonb_build_object('subject', 'task', 'stage', ${stage}, 'title', left(t.text, 160), 'unit', u.name, 'dueOn', t.due) AS params,
			'/app/tasks'::text AS link, ${dueAt(sql`t.due`)} AS due_at
		FROM plan_tasks t
		JOIN plans p ON p.id = t.plan_id AND p.status = 'issued'
		JOIN units u ON u.id = t.unit_id
		JOIN role_grants g ON g.role = t.assignee_role AND g.unit_id IS NOT NULL
		JOIN units gu ON gu.id = g.unit_id AND (starts_with(u.path, gu.path) OR starts_with(gu.path, u.path))
		JOIN users us ON us.id = g.user_id AND NOT us.disabled
		WHERE t.status <> 'done' AND t.due IS NOT NULL AND t.due <= ${until}::date
	)`;
}

/** Content items in review, for the approvers nearest the item's unit (not the author). */
function contentWaiting(): SQL {
	return nearestHolders(
		sql`SELECT 'approval_waiting'::text AS kind, 'content:' || c.id AS subject_key, c.unit_id,
			jsonb_build_object('subject', 'content', 'stage', 'waiting', 'title', left(c.title, 160), 'kind', c.kind, 'unit', u.name) AS params,
			'/app/content/' || c.id AS link, NULL::timestamptz AS due_at, c.author_id AS exclude_user, NULL::uuid AS assignee
		FROM content_items c JOIN units u ON u.id = c.unit_id
		WHERE c.status = 'in_review'`,
		'content.approve'
	);
}

/** Stories in review, for the approvers nearest the story's unit (not its writer). */
function storiesWaiting(): SQL {
	return nearestHolders(
		sql`SELECT 'approval_waiting'::text AS kind, 'story:' || s.id AS subject_key, s.unit_id,
			jsonb_build_object('subject', 'story', 'stage', 'waiting', 'title', left(s.title, 160), 'unit', u.name) AS params,
			'/app/stories/' || s.id AS link, NULL::timestamptz AS due_at, s.created_by AS exclude_user, NULL::uuid AS assignee
		FROM stories s JOIN units u ON u.id = s.unit_id
		WHERE s.status = 'in_review'`,
		'stories.approve'
	);
}

/** Spending recorded and not yet reviewed, for the finance reviewers nearest the budget's unit. */
function spendingWaiting(): SQL {
	return nearestHolders(
		sql`SELECT 'approval_waiting'::text AS kind, 'spending:' || l.id AS subject_key, l.budget_unit_id AS unit_id,
			jsonb_build_object('subject', 'spending', 'stage', 'waiting', 'title', left(l.payee, 120), 'amount', l.amount, 'unit', u.name, 'dueOn', l.spent_on) AS params,
			'/app/budget/review'::text AS link, NULL::timestamptz AS due_at, l.created_by AS exclude_user, NULL::uuid AS assignee
		FROM spending_lines l JOIN units u ON u.id = l.budget_unit_id
		WHERE l.status = 'recorded'`,
		'budget.review'
	);
}

export interface CollectResult {
	/** Reminders new this run. */
	added: number;
	/** Reminders whose subject is done (or no longer wanted), removed. */
	removed: number;
}

/**
 * Brings the reminders up to date for a moment (default now): inserts a reminder for each person
 * and subject due, refreshes the title and due date of those already there, and removes those
 * whose subject is done or whose kind the person no longer wants. One statement, so a reader
 * never sees half a run.
 */
export async function collectReminders(db: Db, at: Date = new Date()): Promise<CollectResult> {
	const on = todayOf(at);
	const parts = [await reportsDue(db, on), reportsSubmitted(), await feedbackDue(db, on), tasksDue(on), contentWaiting(), storiesWaiting(), spendingWaiting()].filter(
		(p): p is SQL => p !== null
	);
	const [result] = await rowsOf<{ added: number; removed: number }>(
		db,
		sql`WITH cur AS (
			SELECT DISTINCT ON (c.user_id, c.kind, c.subject_key) c.user_id, c.kind, c.subject_key, c.unit_id, c.params, c.link, c.due_at
			FROM (${sql.join(parts, sql` UNION ALL `)}) c
			LEFT JOIN notification_preferences np ON np.user_id = c.user_id
			WHERE np.user_id IS NULL OR c.kind = ANY(np.kinds)
			ORDER BY c.user_id, c.kind, c.subject_key
		),
		ins AS (
			INSERT INTO reminders (user_id, unit_id, kind, subject_key, params, link, due_at)
			SELECT user_id, unit_id, kind, subject_key, params, link, due_at FROM cur
			ON CONFLICT ON CONSTRAINT reminders_user_subject DO UPDATE
				SET params = EXCLUDED.params, link = EXCLUDED.link, due_at = EXCLUDED.due_at, unit_id = EXCLUDED.unit_id
				WHERE (reminders.params, reminders.link, reminders.due_at, reminders.unit_id)
					IS DISTINCT FROM (EXCLUDED.params, EXCLUDED.link, EXCLUDED.due_at, EXCLUDED.unit_id)
			RETURNING (xmax = 0) AS inserted
		),
		del AS (
			DELETE FROM reminders r
			WHERE NOT EXISTS (SELECT 1 FROM cur WHERE cur.user_id = r.user_id AND cur.kind = r.kind AND cur.subject_key = r.subject_key)
			RETURNING r.id
		)
		SELECT (SELECT count(*) FROM ins WHERE inserted)::int AS added, (SELECT count(*) FROM del)::int AS removed`
	);
	return { added: Number(result?.added ?? 0), removed: Number(result?.removed ?? 0) };
}
