import { sql } from 'drizzle-orm';
import { forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { logAccesses, type AccessPurpose } from '../households/households.context';
import { pairings, pairingVisits } from './mobilisation.tables';
import { selectHouseholdInYear, selectPairingById, selectPairings, selectSponsorById, selectVisitsOf, type PairingWithParts } from './mobilisation.repository';
import { canEditMobilisation, canReadMobilisation, canSeeHouseholdName } from './mobilisation.policy';
import { PairingInput, VisitInput, type HelperKind, type ListQuery, type PairingView } from './mobilisation.schemas';
import { isUuid, type MobilisationCtx } from './mobilisation.service';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';

const apiAccess: AccessPurpose = { screen: 'api', purpose: 'pairing' };

/** Categories that count as out of poverty in a later year's classification. */
export const outOfPoverty = ['escaped', 'none'];

function presentPairing(actor: Actor, r: PairingWithParts): PairingView {
	const p = r.pairing;
	const later = typeof r.later === 'string' ? (JSON.parse(r.later) as { year: number; category: string }) : r.later;
	return {
		id: p.id,
		unitCode: r.unitCode,
		unitName: r.unitName,
		householdId: p.householdId,
		householdName: canSeeHouseholdName(actor, { villagePath: r.unitPath }) ? r.householdName : null,
		helperKind: p.helperKind as HelperKind,
		sponsorId: p.sponsorId,
		helperName: p.helperName,
		helperOrganisation: p.helperOrganisation,
		fromDate: p.fromDate,
		toDate: p.toDate,
		goal: p.goal,
		storyConsent: p.storyConsent,
		startCategory: r.startCategory,
		laterYear: later?.year ?? null,
		laterCategory: later?.category ?? null,
		escaped: later ? outOfPoverty.includes(later.category) : null,
		visits: r.visits
	};
}

/** Writes an access entry for each paired household whose name is shown. */
async function logNamed(tx: Db, actor: Actor, views: PairingView[], rows: PairingWithParts[], access: AccessPurpose) {
	const named = rows.filter((r, i) => views[i].householdName !== null);
	await logAccesses(tx, actor, named.map((r) => ({ id: r.pairing.householdId, unitId: r.pairing.unitId })), access);
}

async function loadReadablePairing(db: Db, actor: Actor, id: string) {
	const row = isUuid(id) ? await selectPairingById(db, id) : undefined;
	if (!row) throw notFound('mobilisation.pairingNotFound');
	if (!canReadMobilisation(actor, row)) throw forbidden();
	return row;
}

/**
 * Pairs a helper with a household. The household must be poor or near-poor in the register for
 * the year the pairing starts, and the one recording it must read the register there. A sponsor
 * as helper must be one the actor can read; its name is copied as the helper's.
 */
export async function createPairing(ctx: MobilisationCtx, fields: unknown): Promise<PairingView> {
	const input = PairingInput.parse(fields);
	return ctx.db.transaction(async (tx) => {
		const year = Number(input.fromDate.slice(0, 4));
		const household = await selectHouseholdInYear(tx, input.household, year);
		if (!household || household.mergedIntoId) throw invalid('mobilisation.householdUnknown', {}, [{ path: 'household', message: input.household }]);
		if (!canEditMobilisation(ctx.actor, { unitPath: household.villagePath })) throw forbidden('mobilisation.outOfReach');
		if (!canSeeHouseholdName(ctx.actor, household)) throw forbidden('mobilisation.householdNotReadable');
		if (household.category !== 'poor' && household.category !== 'near_poor')
			throw invalid('mobilisation.pairingNotPoor', { year }, [{ path: 'household', message: household.category ?? '—' }]);
		let helperName = input.helperName;
		if (input.helperKind === 'sponsor') {
			const sponsor = await selectSponsorById(tx, input.sponsor!);
			if (!sponsor || !canReadMobilisation(ctx.actor, sponsor)) throw invalid('mobilisation.sponsorUnknown', {}, [{ path: 'sponsor', message: input.sponsor! }]);
			helperName = sponsor.sponsor.name;
		}
		const [row] = await tx
			.insert(pairings)
			.values({
				unitId: household.unitId,
				householdId: household.id,
				helperKind: input.helperKind,
				sponsorId: input.helperKind === 'sponsor' ? input.sponsor : null,
				helperName: helperName!,
				helperOrganisation: input.helperOrganisation,
				fromDate: input.fromDate,
				toDate: input.toDate,
				goal: input.goal,
				storyConsent: input.storyConsent,
				createdBy: ctx.actor.userId
			})
			.returning({ id: pairings.id });
		await recordChange(tx, ctx.actor, {
			action: 'pairing.create',
			entityType: 'pairing',
			entityId: row.id,
			unitId: household.unitId,
			after: { ...input, helperName, startCategory: household.category }
		});
		const saved = (await selectPairingById(tx, row.id))!;
		return presentPairing(ctx.actor, saved);
	});
}

/** Ends a pairing on a date (or reopens it with null). */
export async function endPairing(ctx: MobilisationCtx, id: string, toDate: string | null): Promise<PairingView> {
	const date = VisitInput.shape.visitedOn.nullable().parse(toDate);
	return ctx.db.transaction(async (tx) => {
		const row = await loadReadablePairing(tx, ctx.actor, id);
		if (!canEditMobilisation(ctx.actor, row)) throw forbidden();
		if (date && date < row.pairing.fromDate) throw invalid('mobilisation.dateOrder', {}, [{ path: 'toDate', message: date }]);
		await tx.update(pairings).set({ toDate: date, updatedAt: new Date() }).where(sql`${pairings.id} = ${id}`);
		await recordChange(tx, ctx.actor, { action: 'pairing.end', entityType: 'pairing', entityId: id, unitId: row.pairing.unitId, before: { toDate: row.pairing.toDate }, after: { toDate: date } });
		return presentPairing(ctx.actor, (await selectPairingById(tx, id))!);
	});
}

/** Pairings within the actor's reach, newest first; household names as the register allows (logged). */
export async function findPairings(ctx: MobilisationCtx, query: ListQuery) {
	return ctx.db.transaction(async (tx) => {
		const page = await selectPairings(tx, ctx.actor, query.limit, query.offset);
		const items = page.items.map((r) => presentPairing(ctx.actor, r));
		await logNamed(tx, ctx.actor, items, page.items, ctx.access ?? apiAccess);
		return { items, hasMore: page.hasMore, limit: query.limit, offset: query.offset };
	});
}

/** One pairing with its visits and the household's classification by year since it started. */
export async function getPairingDetail(ctx: MobilisationCtx, id: string) {
	return ctx.db.transaction(async (tx) => {
		const row = await loadReadablePairing(tx, ctx.actor, id);
		const view = presentPairing(ctx.actor, row);
		await logNamed(tx, ctx.actor, [view], [row], ctx.access ?? apiAccess);
		const visits = await selectVisitsOf(tx, id);
		const classes = await tx.execute(
			sql`SELECT year, category FROM household_classifications WHERE household_id = ${row.pairing.householdId} AND year >= extract(year FROM ${row.pairing.fromDate}::date)::int ORDER BY year`
		);
		const years = (Array.isArray(classes) ? classes : ((classes as { rows?: unknown[] }).rows ?? [])) as { year: number; category: string }[];
		return {
			pairing: view,
			canEdit: canEditMobilisation(ctx.actor, row),
			years: years.map((y) => ({ year: Number(y.year), category: y.category })),
			visits: visits.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }))
		};
	});
}

/** Records a visit of the helper and the support it brought. */
export async function recordVisit(ctx: MobilisationCtx, pairingId: string, fields: unknown) {
	const input = VisitInput.parse(fields);
	return ctx.db.transaction(async (tx) => {
		const row = await loadReadablePairing(tx, ctx.actor, pairingId);
		if (!canEditMobilisation(ctx.actor, row)) throw forbidden();
		if (input.visitedOn < row.pairing.fromDate || (row.pairing.toDate && input.visitedOn > row.pairing.toDate))
			throw invalid('mobilisation.visitOutside', { from: row.pairing.fromDate, to: row.pairing.toDate ?? '…' }, [{ path: 'visitedOn', message: input.visitedOn }]);
		const [visit] = await tx.insert(pairingVisits).values({ pairingId, ...input, createdBy: ctx.actor.userId }).returning();
		await recordChange(tx, ctx.actor, { action: 'pairing.visit', entityType: 'pairing', entityId: pairingId, unitId: row.pairing.unitId, after: { visitId: visit.id, ...input } });
		return { ...visit, createdAt: visit.createdAt.toISOString() };
	});
}
