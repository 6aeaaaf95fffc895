import type { Actor } from '../../access/actor';
import type { EventListRow, EventParts, EventWithUnit } from './events.repository';
import { canReadEventActivity } from './events.policy';
import type { EventKind, EventListItem, EventStatus, EventView, PublicEvent } from './events.schemas';

/** A row of an event list. Rows never leave the module raw. */
export function presentListItem(r: EventListRow): EventListItem {
	const e = r.event;
	return {
		id: e.id,
		unit: { code: r.unitCode, name: r.unitName },
		kind: e.kind as EventKind,
		title: e.title,
		place: e.place,
		date: e.date,
		startTime: e.startTime,
		endTime: e.endTime,
		status: e.status as EventStatus,
		published: e.published,
		registrationOpen: e.registrationOpen,
		capacity: e.capacity,
		registrations: Number(r.registrations),
		questions: Number(r.questions)
	};
}

/** An event as the workspace and the API show it to `actor`: phones of those registered only to its managers. */
export function presentEvent(actor: Actor, row: EventWithUnit, parts: EventParts, allowed: { manage: boolean; addQuestion: boolean }): EventView {
	const e = row.event;
	const counts = parts.activity?.counts ?? {};
	return {
		...presentListItem({ event: e, unitCode: row.unitCode, unitName: row.unitName, registrations: parts.registrations.length, questions: parts.questions.length }),
		description: e.description,
		agenda: e.agenda,
		invitedGroups: e.invitedGroups,
		invitedVillages: row.invited.map((u) => ({ code: u.code, name: u.name })),
		activity: parts.activity
			? {
					id: parts.activity.id,
					status: parts.activity.status,
					participants: Object.values(counts).reduce((s, n) => s + Number(n), 0),
					households: Number(parts.activity.households),
					counts,
					version: parts.activity.version
				}
			: null,
		registrationList: parts.registrations.map(({ registration: r, villageName }) => ({
			id: r.id,
			name: r.name,
			phone: allowed.manage ? r.phone : null,
			village: villageName,
			group: r.groupCode,
			source: r.source,
			createdAt: r.createdAt.toISOString()
		})),
		questionList: parts.questions.map(({ senderName: _name, ...q }) => q),
		minutes: e.minutes ?? null,
		documents: parts.documents.map((d) => ({ id: d.id, name: d.name, size: d.size, createdAt: d.createdAt.toISOString() })),
		version: e.version,
		createdAt: e.createdAt.toISOString(),
		updatedAt: e.updatedAt.toISOString(),
		allowed: { manage: allowed.manage, readActivity: canReadEventActivity(actor, row), addQuestion: allowed.addQuestion }
	};
}

/** What the portal shows: the event's public facts and places left, never who registered. */
export function presentPublicEvent(
	row: EventWithUnit,
	registered: number,
	groupNames: Record<string, string>,
	acceptsRegistrations: boolean
): PublicEvent {
	const e = row.event;
	return {
		id: e.id,
		unit: { code: row.unitCode, name: row.unitName },
		kind: e.kind as EventKind,
		title: e.title,
		description: e.description,
		agenda: e.agenda,
		place: e.place,
		date: e.date,
		startTime: e.startTime,
		endTime: e.endTime,
		invitedGroups: e.invitedGroups.map((g) => ({ code: g, name: groupNames[g] ?? g })),
		invitedVillages: row.invited.map((u) => ({ code: u.code, name: u.name })),
		registrationOpen: e.registrationOpen,
		capacity: e.capacity,
		placesLeft: e.capacity === null ? null : Math.max(0, e.capacity - registered),
		acceptsRegistrations
	};
}
