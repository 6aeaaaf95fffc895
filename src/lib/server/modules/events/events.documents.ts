import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { readStoredFile, storeFile } from '../../files/store';
import { findAudienceGroups } from '../catalog/catalog.service';
import { loadActivity } from '../activities/activities.service';
import { insertDocument, selectEventParts, type EventWithUnit } from './events.repository';
import { canManageEvent } from './events.policy';
import { renderMinutesDocx, type MinutesSource } from './events.minutes';
import type { EventKind } from './events.schemas';
import { loadReadableEvent, nowOf } from './events.service';

/** What the minutes print, from the event, its activity, its registrations and its questions. */
export async function minutesSource(db: Db, row: EventWithUnit): Promise<MinutesSource> {
	const [parts, groups] = await Promise.all([selectEventParts(db, row), findAudienceGroups(db, 'vi')]);
	const groupName = Object.fromEntries(groups.map((g) => [g.code, g.name]));
	const e = row.event;
	const empty = { chair: null, secretary: null, attendance: null, summary: null, conclusions: null };
	return {
		kind: e.kind as EventKind,
		title: e.title,
		unitName: row.unitName,
		unitLevel: row.unitLevel,
		place: e.place,
		date: e.date,
		startTime: e.startTime,
		endTime: e.endTime,
		agenda: e.agenda,
		invitedGroups: e.invitedGroups.map((g) => (groupName[g] ?? g).toLocaleLowerCase('vi')),
		invitedVillages: row.invited.map((u) => u.name),
		counts: Object.entries(parts.activity?.counts ?? {})
			.filter(([, n]) => Number(n) > 0)
			.map(([g, n]) => ({ group: groupName[g] ?? g, count: Number(n) })),
		households: Number(parts.activity?.households ?? 0),
		registrations: parts.registrations.length,
		minutes: { ...empty, ...(e.minutes ?? {}) },
		questions: parts.questions.map((q) => ({ trackingCode: q.trackingCode, body: q.body.replace(/\n\n\([^)]*\)$/, ''), askedBy: q.senderName, answeredAtEvent: q.answeredAtEvent }))
	};
}

const fileName = (row: EventWithUnit) => `bien-ban-${row.event.date}-${row.event.id.slice(0, 8)}.docx`;

/**
 * The minutes as DOCX. The newest stored document is handed out while nothing changed since it was
 * made; otherwise the minutes are rendered again and, for those who manage the event, stored in
 * `event_documents` (readers get the rendering without a record being written in their name).
 */
export async function minutesFile(ctx: { db: Db; actor: Actor; now?: () => Date }, id: string): Promise<{ bytes: Uint8Array; name: string }> {
	return ctx.db.transaction(async (tx) => {
		const row = await loadReadableEvent(tx, ctx.actor, id);
		const parts = await selectEventParts(tx, row);
		const latest = parts.documents.at(-1);
		const activityUpdated = row.event.activityId ? (await loadActivity(tx, row.event.activityId)).activity.updatedAt : row.event.updatedAt;
		const changed = Math.max(row.event.updatedAt.getTime(), activityUpdated.getTime());
		if (latest && latest.createdAt.getTime() >= changed) {
			const stored = await readStoredFile(tx, latest.fileId);
			if (stored) return { bytes: stored.bytes, name: stored.originalName };
		}
		const bytes = new Uint8Array(await renderMinutesDocx(await minutesSource(tx, row)));
		const name = fileName(row);
		if (canManageEvent(ctx.actor, row)) {
			const file = await storeFile(tx, { bytes, originalName: name, unitId: row.event.unitId, createdBy: ctx.actor.userId, accept: ['docx'] });
			const at = new Date(Math.max(nowOf(ctx).getTime(), changed));
			await insertDocument(tx, { eventId: row.event.id, fileId: file.id, createdBy: ctx.actor.userId, createdAt: at });
		}
		return { bytes, name };
	});
}
