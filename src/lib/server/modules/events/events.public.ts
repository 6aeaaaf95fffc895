import type { Db } from '../../db/client';
import { AppError, conflict, invalid, notFound } from '../../errors';
import { today } from '../../periods';
import type { Locale } from '../../../i18n';
import { selectUnitByCode } from '../units/units.repository';
import { findAudienceGroups } from '../catalog/catalog.service';
import { isUuid } from '../activities/activities.service';
import {
	countRegistrations,
	insertRegistration,
	selectChildUnits,
	selectEventById,
	selectPublicEvents,
	selectRegistrationByPhone,
	type EventWithUnit
} from './events.repository';
import { presentListItem, presentPublicEvent } from './events.presenter';
import type { PublicEvent, RegistrationInput } from './events.schemas';

/** Why a registration is not taken now, or null when it is. */
function closedReason(row: EventWithUnit, registered: number, day: string) {
	const e = row.event;
	if (e.status === 'cancelled') return 'events.registrationCancelled' as const;
	if (e.status === 'held' || e.date < day) return 'events.registrationPast' as const;
	if (!e.registrationOpen) return 'events.registrationClosed' as const;
	if (e.capacity !== null && registered >= e.capacity) return 'events.registrationFull' as const;
	return null;
}

async function portalUnit(db: Db, code: string) {
	const row = await selectUnitByCode(db, code.slice(0, 40));
	if (!row) throw notFound('events.unitUnknown', { code: code.slice(0, 40) });
	return row.unit;
}

/** The portal's upcoming published events of a unit and the units under it (and a commune's that invite a village). */
export async function findPublicEvents(db: Db, unitCode: string, now = new Date(), limit = 50) {
	const unit = await portalUnit(db, unitCode);
	const rows = await selectPublicEvents(db, unit, today(now), limit);
	return rows.map((r) => {
		const item = presentListItem(r);
		const left = item.capacity === null ? null : Math.max(0, item.capacity - item.registrations);
		// Only what the portal may show: no counts of questions, nothing about who registered.
		return { id: item.id, unit: item.unit, kind: item.kind, title: item.title, place: item.place, date: item.date, startTime: item.startTime, endTime: item.endTime, registrationOpen: item.registrationOpen, placesLeft: left };
	});
}

/** A published event seen from a portal: of the unit, under it, or inviting it; anything else is not found. */
async function publicEventRow(db: Db, id: string, portalCode?: string) {
	const row = isUuid(id) ? await selectEventById(db, id) : undefined;
	if (!row || !row.event.published) throw notFound('events.notFound');
	if (portalCode !== undefined) {
		const unit = await portalUnit(db, portalCode);
		if (!row.unitPath.startsWith(unit.path) && !row.invited.some((u) => u.id === unit.id)) throw notFound('events.notFound');
	}
	return row;
}

/** One published event as the portal shows it, with the villages and groups a registration may name. */
export async function getPublicEvent(db: Db, id: string, locale: Locale, opts: { portalCode?: string; now?: Date } = {}) {
	const row = await publicEventRow(db, id, opts.portalCode);
	const [registered, groups, villages] = await Promise.all([countRegistrations(db, row.event.id), findAudienceGroups(db, locale), selectChildUnits(db, row.event.unitId)]);
	const groupNames = Object.fromEntries(groups.map((g) => [g.code, g.name]));
	const day = today(opts.now ?? new Date());
	const reason = closedReason(row, registered, day);
	const event: PublicEvent = presentPublicEvent(row, registered, groupNames, reason === null);
	const choices = row.invited.length ? row.invited : row.unitLevel === 'village' ? [] : villages;
	return {
		event,
		closedReason: reason,
		villages: choices.map((v) => ({ code: v.code, name: v.name })),
		groups: groups.map((g) => ({ code: g.code, name: g.name }))
	};
}

/**
 * A registration from the portal or another front end. The caller has checked the rate limits.
 * In one transaction with the event locked, so two people taking the last place cannot both get
 * it: refused when the event is not published, cancelled, held or past, registration closed, the
 * event full, or the same phone already registered.
 */
export async function registerForEvent(db: Db, id: string, input: RegistrationInput, opts: { portalCode?: string; now?: Date; source?: 'portal' | 'api' } = {}) {
	const now = opts.now ?? new Date();
	return db.transaction(async (tx) => {
		await publicEventRow(tx, id, opts.portalCode);
		const row = (await selectEventById(tx, id, { forUpdate: true }))!;
		const registered = await countRegistrations(tx, id);
		const reason = closedReason(row, registered, today(now));
		if (reason) throw conflict(reason);
		let villageId: string | null = null;
		if (input.village) {
			const v = await selectUnitByCode(tx, input.village);
			const inside = v && (v.unit.path.startsWith(row.unitPath) || row.invited.some((u) => u.id === v.unit.id));
			if (!v || !inside) throw invalid('events.villageUnknown', {}, [{ path: 'village', message: input.village.slice(0, 40) }]);
			villageId = v.unit.id;
		}
		if (input.group) {
			const groups = await findAudienceGroups(tx, 'vi');
			if (!groups.some((g) => g.code === input.group)) throw invalid('events.groupUnknown', {}, [{ path: 'group', message: input.group.slice(0, 40) }]);
		}
		if (input.phone && (await selectRegistrationByPhone(tx, id, input.phone))) throw new AppError('CONFLICT', 'events.alreadyRegistered');
		const created = await insertRegistration(tx, {
			eventId: id,
			name: input.name,
			phone: input.phone,
			villageId,
			groupCode: input.group,
			note: input.note,
			source: opts.source ?? 'portal',
			createdAt: now
		});
		const left = row.event.capacity === null ? null : Math.max(0, row.event.capacity - registered - 1);
		return { reference: created.id.slice(0, 8).toUpperCase(), event: row.event.title, placesLeft: left };
	});
}
