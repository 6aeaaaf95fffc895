import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { selectUnitByCode } from '../units/units.repository';
import { logAccesses, type AccessPurpose } from '../households/households.context';
import { loadActivity } from '../activities/activities.service';
import { canReadActivity } from '../activities/activities.policy';
import { mobilisationGifts, pledgeReceipts, pledges, sponsors } from './mobilisation.tables';
import {
	selectGiftsOf,
	selectHouseholdInYear,
	selectPledgeById,
	selectPledgesOf,
	selectReceiptById,
	selectReceiptsOf,
	selectSponsorById,
	selectSponsors,
	sumGifts,
	sumReceipts,
	type SponsorWithUnit
} from './mobilisation.repository';
import { canEditMobilisation, canReadMobilisation, canSeeHouseholdName } from './mobilisation.policy';
import { GiftInput, PledgeInput, ReceiptInput, SponsorInput, type ListQuery, type SponsorView } from './mobilisation.schemas';
import { sql } from 'drizzle-orm';

export interface MobilisationCtx {
	db: Db;
	actor: Actor;
	/** Where household names are shown, for the access log (default: the API). */
	access?: AccessPurpose;
}

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const apiAccess: AccessPurpose = { screen: 'api', purpose: 'mobilisation' };

export function presentSponsor(r: SponsorWithUnit): SponsorView {
	const s = r.sponsor;
	return {
		id: s.id,
		unitCode: r.unitCode,
		unitName: r.unitName,
		kind: s.kind as SponsorView['kind'],
		name: s.name,
		contactPerson: s.contactPerson,
		phone: s.phone,
		address: s.address,
		consentPublic: s.consentPublic,
		consentContact: s.consentContact,
		note: s.note,
		pledged: r.pledged,
		received: r.received
	};
}

/** The unit a record is placed in, by code: NOT_FOUND-like validation when unknown, FORBIDDEN outside the actor's reach. */
async function editableUnit(db: Db, actor: Actor, code: string) {
	const unit = await selectUnitByCode(db, code);
	if (!unit) throw invalid('mobilisation.unitUnknown', { code });
	if (!canEditMobilisation(actor, { unitPath: unit.unit.path })) throw forbidden('mobilisation.outOfReach');
	if (unit.unit.successorId) throw invalid('mobilisation.unitMerged', { code });
	return unit.unit;
}

/** A sponsor the actor may read; NOT_FOUND for none, FORBIDDEN outside reach. */
export async function loadReadableSponsor(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
	const row = isUuid(id) ? await selectSponsorById(db, id, opts) : undefined;
	if (!row) throw notFound('mobilisation.sponsorNotFound');
	if (!canReadMobilisation(actor, row)) throw forbidden();
	return row;
}

async function loadEditableSponsor(db: Db, actor: Actor, id: string) {
	const row = await loadReadableSponsor(db, actor, id, { forUpdate: true });
	if (!canEditMobilisation(actor, row)) throw forbidden();
	return row;
}

/** Registers a sponsor in a unit, with its consents as given (both default to "no"). */
export async function createSponsor(ctx: MobilisationCtx, fields: unknown): Promise<SponsorView> {
	const input = SponsorInput.parse(fields);
	return ctx.db.transaction(async (tx) => {
		const unit = await editableUnit(tx, ctx.actor, input.unit);
		const { unit: _code, ...values } = input;
		const [row] = await tx.insert(sponsors).values({ ...values, unitId: unit.id, createdBy: ctx.actor.userId }).returning({ id: sponsors.id });
		await recordChange(tx, ctx.actor, { action: 'sponsor.create', entityType: 'sponsor', entityId: row.id, unitId: unit.id, after: input });
		return presentSponsor((await selectSponsorById(tx, row.id))!);
	});
}

/** Changes a sponsor's details and consents (the unit stays). */
export async function updateSponsor(ctx: MobilisationCtx, id: string, fields: unknown): Promise<SponsorView> {
	const input = SponsorInput.omit({ unit: true }).parse(fields);
	return ctx.db.transaction(async (tx) => {
		const before = await loadEditableSponsor(tx, ctx.actor, id);
		await tx.update(sponsors).set({ ...input, updatedAt: new Date() }).where(sql`${sponsors.id} = ${id}`);
		await recordChange(tx, ctx.actor, {
			action: 'sponsor.update',
			entityType: 'sponsor',
			entityId: id,
			unitId: before.sponsor.unitId,
			before: presentSponsor(before),
			after: input
		});
		return presentSponsor((await selectSponsorById(tx, id))!);
	});
}

/** Sponsors within the actor's reach, by name. */
export async function findSponsors(ctx: MobilisationCtx, query: ListQuery) {
	const page = await selectSponsors(ctx.db, ctx.actor, query.limit, query.offset);
	return { items: page.items.map(presentSponsor), hasMore: page.hasMore, limit: query.limit, offset: query.offset };
}

/**
 * One sponsor with its pledges, the receipts against each and what was handed on from each
 * receipt. A household given something is named only to those who read the register there, and
 * each name shown is access-logged.
 */
export async function getSponsorDetail(ctx: MobilisationCtx, id: string) {
	return ctx.db.transaction(async (tx) => {
		const row = await loadReadableSponsor(tx, ctx.actor, id);
		const pledgeRows = await selectPledgesOf(tx, id);
		const receiptRows = await selectReceiptsOf(tx, pledgeRows.map((p) => p.id));
		const giftRows = await selectGiftsOf(tx, receiptRows.map((r) => r.id));
		const named = giftRows.filter((g) => g.gift.householdId && g.villagePath && canSeeHouseholdName(ctx.actor, { villagePath: g.villagePath }));
		await logAccesses(tx, ctx.actor, named.map((g) => ({ id: g.gift.householdId!, unitId: g.householdUnitId! })), ctx.access ?? apiAccess);
		const namedIds = new Set(named.map((g) => g.gift.id));
		const gifts = giftRows.map((g) => ({
			id: g.gift.id,
			receiptId: g.gift.receiptId,
			householdId: g.gift.householdId,
			householdName: namedIds.has(g.gift.id) ? g.householdName : null,
			villageName: g.villageName,
			activityId: g.gift.activityId,
			activityTitle: g.activityTitle,
			description: g.gift.description,
			value: g.gift.value,
			givenOn: g.gift.givenOn
		}));
		const receipts = receiptRows.map((r) => {
			const own = gifts.filter((g) => g.receiptId === r.id);
			return { ...r, createdAt: r.createdAt.toISOString(), gifts: own, handedOn: own.reduce((s, g) => s + g.value, 0) };
		});
		return {
			sponsor: presentSponsor(row),
			/** For the page's pickers (households and activities of the sponsor's area); not part of the API. */
			unitPath: row.unitPath,
			canEdit: canEditMobilisation(ctx.actor, row),
			pledges: pledgeRows.map((p) => {
				const own = receipts.filter((r) => r.pledgeId === p.id);
				const received = own.reduce((s, r) => s + r.amount, 0);
				return { ...p, createdAt: p.createdAt.toISOString(), receipts: own, received, outstanding: Math.max(0, p.amount - received) };
			})
		};
	});
}

/** Records a pledge of a sponsor: cash, or goods described and valued in đồng. */
export async function createPledge(ctx: MobilisationCtx, sponsorId: string, fields: unknown) {
	const input = PledgeInput.parse(fields);
	return ctx.db.transaction(async (tx) => {
		const sponsor = await loadEditableSponsor(tx, ctx.actor, sponsorId);
		const [row] = await tx
			.insert(pledges)
			.values({ sponsorId, kind: input.kind, amount: input.amount, description: input.description, pledgedOn: input.pledgedOn, purpose: input.purpose, createdBy: ctx.actor.userId })
			.returning();
		await recordChange(tx, ctx.actor, { action: 'pledge.create', entityType: 'pledge', entityId: row.id, unitId: sponsor.sponsor.unitId, after: { sponsorId, ...input } });
		return { ...row, createdAt: row.createdAt.toISOString() };
	});
}

/**
 * Records what arrived against a pledge. Under the pledge's row lock the receipts so far plus
 * this one may not pass the pledge, unless the receipt is marked as an over-delivery (a sponsor
 * who gave more than promised), so two officers recording at once cannot overshoot it unseen.
 */
export async function createReceipt(ctx: MobilisationCtx, pledgeId: string, fields: unknown) {
	const input = ReceiptInput.parse(fields);
	return ctx.db.transaction(async (tx) => {
		const pledge = isUuid(pledgeId) ? await selectPledgeById(tx, pledgeId, { forUpdate: true }) : undefined;
		if (!pledge) throw notFound('mobilisation.pledgeNotFound');
		if (!canReadMobilisation(ctx.actor, pledge)) throw forbidden();
		if (!canEditMobilisation(ctx.actor, pledge)) throw forbidden();
		if (input.receivedOn < pledge.pledge.pledgedOn) throw invalid('mobilisation.receiptBeforePledge', { date: pledge.pledge.pledgedOn }, [{ path: 'receivedOn', message: pledge.pledge.pledgedOn }]);
		const sofar = await sumReceipts(tx, pledgeId);
		if (sofar + input.amount > pledge.pledge.amount && !input.overDelivery)
			throw new AppError('CONFLICT', 'mobilisation.receiptOverPledge', { remaining: Math.max(0, pledge.pledge.amount - sofar).toLocaleString('vi-VN') }, [
				{ path: 'amount', message: String(Math.max(0, pledge.pledge.amount - sofar)) }
			]);
		const [row] = await tx.insert(pledgeReceipts).values({ pledgeId, ...input, createdBy: ctx.actor.userId }).returning();
		await recordChange(tx, ctx.actor, {
			action: 'pledge.receipt',
			entityType: 'pledge',
			entityId: pledgeId,
			unitId: pledge.unitId,
			after: { receiptId: row.id, ...input, receivedBefore: sofar }
		});
		return { ...row, createdAt: row.createdAt.toISOString() };
	});
}

/**
 * Records what was handed on from a receipt: to a household of the sponsor's area (picked by
 * someone who reads the register there) or to an activity. The gifts of a receipt never add up
 * to more than it (checked under the receipt's row lock).
 */
export async function createGift(ctx: MobilisationCtx, receiptId: string, fields: unknown) {
	const input = GiftInput.parse(fields);
	return ctx.db.transaction(async (tx) => {
		const receipt = isUuid(receiptId) ? await selectReceiptById(tx, receiptId, { forUpdate: true }) : undefined;
		if (!receipt) throw notFound('mobilisation.receiptNotFound');
		if (!canReadMobilisation(ctx.actor, receipt) || !canEditMobilisation(ctx.actor, receipt)) throw forbidden();
		if (input.givenOn < receipt.receipt.receivedOn) throw invalid('mobilisation.giftBeforeReceipt', { date: receipt.receipt.receivedOn }, [{ path: 'givenOn', message: receipt.receipt.receivedOn }]);
		if (input.household) {
			const h = await selectHouseholdInYear(tx, input.household, Number(input.givenOn.slice(0, 4)));
			if (!h || h.mergedIntoId) throw invalid('mobilisation.householdUnknown', {}, [{ path: 'household', message: input.household }]);
			if (!h.villagePath.startsWith(receipt.unitPath)) throw invalid('mobilisation.householdOutside', {}, [{ path: 'household', message: input.household }]);
			if (!canSeeHouseholdName(ctx.actor, h)) throw forbidden('mobilisation.householdNotReadable');
		}
		if (input.activity) {
			const a = await loadActivity(tx, input.activity).catch(() => null);
			if (!a) throw invalid('mobilisation.activityUnknown', {}, [{ path: 'activity', message: input.activity }]);
			if (!canReadActivity(ctx.actor, a)) throw forbidden();
			if (!a.unitPath.startsWith(receipt.unitPath)) throw invalid('mobilisation.activityOutside', {}, [{ path: 'activity', message: input.activity }]);
		}
		const given = await sumGifts(tx, receiptId);
		if (given + input.value > receipt.receipt.amount)
			throw new AppError('CONFLICT', 'mobilisation.giftOverReceipt', { remaining: Math.max(0, receipt.receipt.amount - given).toLocaleString('vi-VN') }, [
				{ path: 'value', message: String(Math.max(0, receipt.receipt.amount - given)) }
			]);
		const [row] = await tx
			.insert(mobilisationGifts)
			.values({ receiptId, householdId: input.household, activityId: input.activity, description: input.description, value: input.value, givenOn: input.givenOn, createdBy: ctx.actor.userId })
			.returning();
		await recordChange(tx, ctx.actor, { action: 'pledge.gift', entityType: 'pledge', entityId: receipt.receipt.pledgeId, unitId: receipt.unitId, after: { giftId: row.id, receiptId, ...input } });
		return { ...row, createdAt: row.createdAt.toISOString() };
	});
}
