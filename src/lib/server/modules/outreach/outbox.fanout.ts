import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escapeLike } from '../../access/actor';

/** Which consent channel of the household register a notice channel needs. */
export const consentChannelOf = { sms: 'sms', zns: 'zalo', zalo_oa: 'zalo', email: 'email' } as const;

export interface HouseholdNotice {
	/** Materialised path of the unit whose households are reached (a commune or a village). */
	unitPath?: string | null;
	/** Or these units (each with everything under it), e.g. the villages chosen for a dialogue. */
	unitIds?: readonly string[] | null;
	/** Only households classified in one of these categories (poor, near_poor, escaped, none) in `year`. */
	categories?: readonly string[] | null;
	year?: number | null;
	channel: 'sms' | 'zns';
	/** The whole text, ending with how to stop (for SMS: "Soạn HUY gửi …"). */
	body: string;
	/** The same for every recipient (ZNS template id and data, …). */
	payload?: Record<string, unknown>;
	/** Scheduled: not sent before this time. */
	notBefore?: Date | null;
	causeType: string;
	causeId: string;
	/** Keys are `${keyPrefix}:${householdId}:${channel}`: the same notice sent again queues nothing new. */
	keyPrefix: string;
	createdBy: string | null;
	kind?: string;
}

/**
 * Queues one message per consenting household with a mobile number, in ONE set-based statement:
 * the households, their newest consent (granted and listing the channel) and the insertion are a
 * single `INSERT … SELECT`, so 100,000 households are queued in a few seconds, inside the caller's
 * transaction. Answers how many were queued now (keys already queued are not counted) and how many
 * households of the selection were left out for want of consent or a phone.
 */
export async function fanOutHouseholdNotice(tx: Db, notice: HouseholdNotice): Promise<{ queued: number; skippedNoConsent: number }> {
	const consentChannel = consentChannelOf[notice.channel];
	const where: SQL[] = [sql`h.merged_into_id IS NULL`];
	if (notice.unitPath) where.push(sql`u.path LIKE ${escapeLike(notice.unitPath) + '%'}`);
	if (notice.unitIds) {
		if (!notice.unitIds.length) return { queued: 0, skippedNoConsent: 0 };
		const ids = sql.join(notice.unitIds.map((id) => sql`${id}::uuid`), sql`, `);
		where.push(sql`EXISTS (SELECT 1 FROM units s WHERE s.id IN (${ids}) AND u.path LIKE s.path || '%')`);
	}
	if (!notice.unitPath && !notice.unitIds) throw new Error('fanOutHouseholdNotice needs unitPath or unitIds');
	if (notice.categories?.length) {
		const year = notice.year ?? new Date().getFullYear();
		const cats = sql.join(notice.categories.map((c) => sql`${c}`), sql`, `);
		where.push(
			sql`EXISTS (SELECT 1 FROM household_classifications hc WHERE hc.household_id = h.id AND hc.year = ${year} AND hc.category IN (${cats}))`
		);
	}
	const payload = JSON.stringify(notice.payload ?? {});
	const notBefore = notice.notBefore ? sql`${notice.notBefore.toISOString()}::timestamptz` : sql`now()`;
	const result = (await tx.execute(sql`
		WITH selection AS (
			SELECT h.id, h.unit_id, h.phone,
				(h.phone IS NOT NULL AND c.granted IS TRUE AND c.channels @> ARRAY[${consentChannel}]::text[]) AS reachable
			FROM households h
			JOIN units u ON u.id = h.unit_id
			LEFT JOIN LATERAL (
				SELECT c.granted, c.channels FROM household_consents c
				WHERE c.household_id = h.id ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1
			) c ON true
			WHERE ${sql.join(where, sql` AND `)}
		), queued AS (
			INSERT INTO outbox_messages (unit_id, channel, kind, recipient, household_id, body, payload, idempotency_key, cause_type, cause_id, created_by, next_attempt_at)
			SELECT s.unit_id, ${notice.channel}, ${notice.kind ?? 'notice'}, '84' || substr(s.phone, 2), s.id, ${notice.body}, ${payload}::jsonb,
				${notice.keyPrefix} || ':' || s.id::text || ':' || ${notice.channel}, ${notice.causeType}, ${notice.causeId}::uuid, ${notice.createdBy}::uuid, ${notBefore}
			FROM selection s WHERE s.reachable
			ON CONFLICT (idempotency_key) DO NOTHING
			RETURNING 1
		)
		SELECT (SELECT count(*) FROM queued)::int AS queued, (SELECT count(*) FROM selection WHERE NOT reachable)::int AS skipped
	`)) as unknown as { rows: { queued: number; skipped: number }[] };
	const row = result.rows[0];
	return { queued: Number(row.queued), skippedNoConsent: Number(row.skipped) };
}
