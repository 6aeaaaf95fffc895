import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { AppError, forbidden } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { householdConsents } from './households.tables';
import { selectContactable, selectLatestConsent, selectLatestConsentTime } from './households.repository';
import { canEditHousehold } from './households.policy';
import { presentConsent } from './households.presenter';
import type { ConsentInput } from './households.schemas';
import { loadHousehold, type Ctx } from './households.context';

/**
 * Records consent to be contacted (by the channels given) or its withdrawal, audited. Records are
 * never changed: the newest one is in force, so a withdrawal stops every channel at once, for
 * every later `contactableHouseholds` or `hasConsent` call.
 */
export async function recordConsent(ctx: Ctx, householdId: string, input: ConsentInput) {
	return ctx.db.transaction(async (tx) => {
		const row = await loadHousehold(tx, householdId);
		if (!canEditHousehold(ctx.actor, row)) throw forbidden();
		if (row.household.mergedIntoId) throw new AppError('CONFLICT', 'household.merged');
		// The newest record decides; make sure this one is newer than any before it, even within a millisecond.
		const latest = await selectLatestConsentTime(tx, householdId);
		let at = new Date();
		if (latest && at <= latest) at = new Date(latest.getTime() + 1);
		const channels = input.granted ? [...new Set(input.channels)].sort() : [];
		const [saved] = await tx
			.insert(householdConsents)
			.values({ id: randomUUID(), householdId, granted: input.granted, channels, recordedAt: at, recordedBy: ctx.actor.userId, note: input.note })
			.returning();
		await recordChange(tx, ctx.actor, {
			action: input.granted ? 'household.consent.grant' : 'household.consent.withdraw',
			entityType: 'household',
			entityId: householdId,
			unitId: row.household.unitId,
			after: { granted: saved.granted, channels: saved.channels }
		});
		return presentConsent(saved, ctx.actor.displayName);
	});
}

export interface ContactableQuery {
	/** Materialised path of the unit whose households to reach (a village, a commune …); null: everywhere. */
	unitScope: string | null;
	/** The channel of the message: sms, zalo, phone_call, email. */
	channel: string;
}

/**
 * Households that may be contacted by `channel` under `unitScope`: their newest consent record
 * grants that channel. A withdrawal, or a newer consent without the channel, removes a household
 * at once. Not limited by an actor: the caller (outreach) has already decided who sends, and
 * records its own reads of the phone numbers it uses.
 */
export async function contactableHouseholds(db: Db, query: ContactableQuery) {
	return selectContactable(db, query.unitScope, query.channel);
}

/** Whether the newest consent record of a household grants `channel` (checked again just before sending). */
export async function hasConsent(db: Db, householdId: string, channel: string): Promise<boolean> {
	const consent = await selectLatestConsent(db, householdId);
	return !!consent && consent.granted && consent.channels.includes(channel);
}
