import { and, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { systemActor } from '../../access/actor';
import { recordChange } from '../../audit/audit.service';
import { units } from '../units/units.tables';
import { addWorkingDays } from '../../workdays';
import { calendar, today } from './feedback.calendar';
import { feedbackItems } from './feedback.tables';
import { insertEvent, updateItem } from './feedback.repository';

const handling = alias(units, 'handling_unit');
const parent = alias(units, 'parent_unit');

/**
 * Escalates every open item past its escalation date to the level above the unit handling it
 * (a commune's to its province): the upper level gets it unassigned, with another full deadline
 * before it goes further up. Its due date stays, so it keeps showing as overdue. Idempotent: an
 * item escalated today is not touched again until its new date passes. Returns how many moved.
 */
export async function escalateOverdueFeedback(db: Db, on: string = today()): Promise<number> {
	const due = await db
		.select({ id: feedbackItems.id, parentId: parent.id })
		.from(feedbackItems)
		.innerJoin(handling, eq(handling.id, feedbackItems.handlingUnitId))
		.innerJoin(parent, eq(parent.id, handling.parentId))
		.where(
			and(
				inArray(feedbackItems.status, ['received', 'assigned']),
				lt(feedbackItems.escalateAfter, on),
				isNull(feedbackItems.mergedIntoId),
				isNotNull(handling.parentId),
				isNull(parent.validTo)
			)
		)
		.limit(1000);
	let moved = 0;
	for (const candidate of due) {
		const done = await db.transaction(async (tx) => {
			// Read again under a lock: an officer may have answered it since the list was read.
			const [item] = await tx.select().from(feedbackItems).where(eq(feedbackItems.id, candidate.id)).for('update');
			if (!item || !(item.status === 'received' || item.status === 'assigned') || item.escalateAfter >= on) return false;
			const { categories, holidays } = await calendar(tx);
			const days = categories.find((c) => c.code === item.categoryCode)?.deadlineDays ?? 10;
			await updateItem(tx, item.id, {
				handlingUnitId: candidate.parentId,
				assigneeId: null,
				status: 'received',
				escalationLevel: item.escalationLevel + 1,
				escalatedAt: new Date(),
				escalateAfter: addWorkingDays(on, days, holidays)
			});
			await insertEvent(tx, null, item.id, 'escalated', null, candidate.parentId);
			await recordChange(tx, systemActor, {
				action: 'feedback.escalate',
				entityType: 'feedback',
				entityId: item.id,
				unitId: item.unitId,
				before: { handlingUnitId: item.handlingUnitId, status: item.status },
				after: { handlingUnitId: candidate.parentId, status: 'received', escalationLevel: item.escalationLevel + 1 }
			});
			return true;
		});
		if (done) moved++;
	}
	return moved;
}
