import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, notFound } from '../../errors';
import { t, type Locale, type MessageKey } from '../../../i18n';
import { parsePeriod, periodLabel, today } from '../../periods';
import { reminders } from './reminders.tables';
import type { ReminderKind, ReminderParams } from './reminders.collect';

/**
 * The actor's own reminders, for the workspace box and the reminders page, and marking them read.
 * Every query is by the actor's user id: nobody sees or marks another person's reminders.
 */

type ReminderRow = typeof reminders.$inferSelect;

export interface ReminderView {
	id: string;
	kind: ReminderKind;
	/** The reminder as one sentence in the page's language. */
	text: string;
	link: string;
	/** Calendar date due (Việt Nam), or null for approvals waiting. */
	dueOn: string | null;
	/** Days until due: negative when late, 0 on the day; null without a due date. */
	daysLeft: number | null;
	/** "còn 2 ngày", "quá hạn 3 ngày", "đang chờ". */
	timeLeft: string;
	read: boolean;
	createdAt: string;
}

const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/** A formatted date as officers write it: 05/04/2026. */
export function dateVi(date: string): string {
	const [y, m, d] = date.split('-');
	return `${d}/${m}/${y}`;
}

/** One sentence for a reminder, from its params, in a language. */
export function reminderText(params: ReminderParams & { amount?: number }, locale: Locale): string {
	const key = `reminders.text.${params.subject}.${params.stage}` as MessageKey;
	const period = params.period ? parsePeriod(params.period) : null;
	const title = (locale === 'en' && params.titleEn) || params.title;
	return t(locale, key, {
		title: period ? `${title} — ${periodLabel(period, locale)}` : title,
		unit: params.unit,
		dueOn: params.dueOn ? dateVi(params.dueOn) : '',
		amount: params.amount != null ? params.amount.toLocaleString('vi-VN') : ''
	});
}

/** The Việt Nam calendar date of a stored due time (midnight there). */
const dueDateOf = (dueAt: Date | null) => (dueAt ? today(dueAt) : null);

export function presentReminder(row: ReminderRow, locale: Locale, at: Date = new Date()): ReminderView {
	const dueOn = dueDateOf(row.dueAt);
	const daysLeft = dueOn ? daysBetween(today(at), dueOn) : null;
	const timeLeft =
		daysLeft === null
			? t(locale, 'reminders.noDue')
			: daysLeft > 0
				? t(locale, 'reminders.daysLeft', { n: daysLeft })
				: daysLeft === 0
					? t(locale, 'reminders.dueToday')
					: t(locale, 'reminders.daysLate', { n: -daysLeft });
	return {
		id: row.id,
		kind: row.kind as ReminderKind,
		text: reminderText(row.params as ReminderParams, locale),
		link: row.link,
		dueOn,
		daysLeft,
		timeLeft,
		read: row.readAt !== null,
		createdAt: row.createdAt.toISOString()
	};
}

export interface ReminderList {
	items: ReminderView[];
	/** Unread reminders beyond those listed. */
	more: number;
	unread: number;
}

/**
 * The actor's reminders, most urgent first (late, then by due date, then approvals waiting):
 * unread only (the workspace box) or all of them (the reminders page).
 */
export async function findMyReminders(
	ctx: { db: Db; actor: Actor },
	opts: { locale: Locale; unreadOnly?: boolean; limit?: number; at?: Date }
): Promise<ReminderList> {
	const userId = ctx.actor.userId;
	if (!userId) return { items: [], more: 0, unread: 0 };
	const limit = opts.limit ?? 200;
	const where = opts.unreadOnly ? and(eq(reminders.userId, userId), isNull(reminders.readAt)) : eq(reminders.userId, userId);
	const rows = await ctx.db
		.select()
		.from(reminders)
		.where(where)
		.orderBy(sql`${reminders.readAt} IS NOT NULL`, sql`${reminders.dueAt} ASC NULLS LAST`, asc(reminders.createdAt), asc(reminders.id))
		.limit(limit);
	const [{ n }] = await ctx.db
		.select({ n: count() })
		.from(reminders)
		.where(and(eq(reminders.userId, userId), isNull(reminders.readAt)));
	const items = rows.map((r) => presentReminder(r, opts.locale, opts.at));
	const listedUnread = items.filter((i) => !i.read).length;
	return { items, more: Math.max(0, Number(n) - listedUnread), unread: Number(n) };
}

const MarkReadInput = z.union([z.literal('all'), z.uuid()], { message: 'reminders.notFound' });

/**
 * Marks one of the actor's reminders read, or all of them ('all'). Another person's reminder is
 * "not found", the same as one that does not exist. Answers how many were marked.
 */
export async function markRemindersRead(ctx: { db: Db; actor: Actor }, which: string): Promise<number> {
	const userId = ctx.actor.userId;
	if (!userId) throw new AppError('FORBIDDEN', 'reminders.error.ownOnly');
	const parsed = MarkReadInput.safeParse(which);
	if (!parsed.success) throw notFound('reminders.notFound');
	if (parsed.data === 'all') {
		const rows = await ctx.db
			.update(reminders)
			.set({ readAt: new Date() })
			.where(and(eq(reminders.userId, userId), isNull(reminders.readAt)))
			.returning({ id: reminders.id });
		return rows.length;
	}
	const [row] = await ctx.db
		.select({ id: reminders.id, readAt: reminders.readAt })
		.from(reminders)
		.where(and(eq(reminders.id, parsed.data), eq(reminders.userId, userId)));
	if (!row) throw notFound('reminders.notFound');
	if (row.readAt) return 0;
	await ctx.db.update(reminders).set({ readAt: new Date() }).where(and(eq(reminders.id, row.id), eq(reminders.userId, userId)));
	return 1;
}
