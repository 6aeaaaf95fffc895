import type { Locale } from '../../../i18n';
import { workingDaysBetween } from '../../workdays';
import type { ItemWithNames, selectEvents } from './feedback.repository';
import type { FeedbackChannel, FeedbackDetail, FeedbackListItem, FeedbackStatus, PublicFeedbackStatus } from './feedback.schemas';

const vnDate = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

export const isOpen = (status: string) => status === 'received' || status === 'assigned';

/** Open past its due date. */
export const isOverdue = (item: { status: string; dueDate: string }, today: string) => isOpen(item.status) && item.dueDate < today;

export function presentListItem(row: ItemWithNames, locale: Locale, today: string, holidays: ReadonlySet<string>): FeedbackListItem {
	const i = row.item;
	return {
		id: i.id,
		trackingCode: i.trackingCode,
		title: i.title,
		status: i.status as FeedbackStatus,
		category: i.categoryCode,
		categoryName: locale === 'vi' ? row.categoryVi : row.categoryEn,
		channel: i.channel as FeedbackChannel,
		unitCode: row.unitCode,
		unitName: row.unitName,
		handlingUnitCode: row.handlingUnitCode,
		handlingUnitName: row.handlingUnitName,
		assignee: row.assigneeName,
		receivedAt: i.receivedAt.toISOString(),
		dueOn: i.dueDate,
		overdue: isOverdue(i, today),
		workingDaysLeft: isOpen(i.status) ? workingDaysBetween(today, i.dueDate, holidays) : 0,
		escalationLevel: i.escalationLevel,
		merged: i.mergedIntoId !== null
	};
}

type EventRow = Awaited<ReturnType<typeof selectEvents>>[number];

export function presentDetail(
	row: ItemWithNames,
	events: EventRow[],
	opts: { locale: Locale; today: string; holidays: ReadonlySet<string>; sender: boolean; mergedInto: { id: string; trackingCode: string } | null }
): FeedbackDetail {
	const i = row.item;
	return {
		...presentListItem(row, opts.locale, opts.today, opts.holidays),
		body: i.body,
		senderName: opts.sender ? i.senderName : null,
		senderPhone: opts.sender ? i.senderPhone : null,
		anonymous: i.anonymous,
		contactConsent: i.contactConsent,
		publishConsent: i.publishConsent,
		publicAnswer: i.publicAnswer,
		publicQuestion: i.publicQuestion,
		published: i.published,
		mergedInto: opts.mergedInto,
		events: events.map((e) => ({
			kind: e.event.kind,
			at: e.event.at.toISOString(),
			actor: e.event.actorName,
			text: e.event.text,
			unitName: e.unitName
		}))
	};
}

/** Kinds of event a sender sees on the tracking page (never notes, never who did it). */
const publicEvents = new Set(['received', 'assigned', 'answered', 'escalated', 'closed', 'reopened', 'merged']);

/**
 * What the tracking code shows: status, dates and the public answer. Nothing about the sender, the
 * officers or internal notes; for a merged item, the status and answer of the item it went into.
 */
export function presentPublicStatus(
	own: ItemWithNames,
	shown: ItemWithNames,
	events: EventRow[],
	locale: Locale,
	today: string,
	holidays: ReadonlySet<string>
): PublicFeedbackStatus {
	const i = shown.item;
	const merged = own.item.mergedIntoId !== null;
	return {
		trackingCode: own.item.trackingCode,
		status: i.status as FeedbackStatus,
		category: locale === 'vi' ? own.categoryVi : own.categoryEn,
		unit: own.unitName,
		receivedOn: vnDate(own.item.receivedAt),
		dueOn: i.dueDate,
		overdue: isOverdue(i, today),
		workingDaysLeft: isOpen(i.status) ? workingDaysBetween(today, i.dueDate, holidays) : 0,
		answeredOn: i.answeredAt ? vnDate(i.answeredAt) : null,
		publicAnswer: i.publicAnswer,
		merged,
		canReopen: !merged && (i.status === 'answered' || i.status === 'closed') && own.item.reopenCount < 5,
		history: events.filter((e) => publicEvents.has(e.event.kind)).map((e) => ({ event: e.event.kind, on: vnDate(e.event.at) }))
	};
}

export { vnDate };
