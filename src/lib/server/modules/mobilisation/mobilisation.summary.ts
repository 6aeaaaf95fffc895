import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escapeLike } from '../../access/actor';
import { rowsOf } from '../activities/activities.reach';

/** Socialised funds and pairing of a unit's subtree over a period, for dashboards and reports. */
export interface MobilisationSummary {
	sponsors: number;
	/** Pledged in the period (by pledge date), in đồng. */
	pledged: { cash: number; inKind: number; total: number };
	/** Received in the period (by receipt date), in đồng, by the pledge's kind. */
	received: { cash: number; inKind: number; total: number };
	/** Handed on to households or activities in the period, in đồng. */
	givenOn: number;
	/** Pairings running at some time in the period, and the households they pair. */
	pairingsActive: number;
	householdsPaired: number;
	/**
	 * Of those households, the ones whose latest classification after the pairing's start year (up
	 * to the period's last year) is out of poverty (escaped or none).
	 */
	householdsEscaped: number;
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * The mobilisation figures of everything under `scopeUnitPath` (a materialised unit path) between
 * two calendar dates inclusive. Scope and authorisation are the caller's: this reads what it is given.
 */
export async function mobilisationSummary(db: Db, scopeUnitPath: string, startDate: string, endDate: string): Promise<MobilisationSummary> {
	const prefix = escapeLike(scopeUnitPath) + '%';
	const endYear = Number(endDate.slice(0, 4));
	const [money] = await rowsOf<Record<string, unknown>>(
		db,
		sql`WITH s AS (SELECT s.id FROM sponsors s JOIN units u ON u.id = s.unit_id WHERE u.path LIKE ${prefix})
		SELECT
			(SELECT count(*) FROM s) AS sponsors,
			(SELECT coalesce(sum(p.amount) FILTER (WHERE p.kind = 'cash'), 0) FROM pledges p WHERE p.sponsor_id IN (SELECT id FROM s) AND p.pledged_on BETWEEN ${startDate}::date AND ${endDate}::date) AS pledged_cash,
			(SELECT coalesce(sum(p.amount) FILTER (WHERE p.kind = 'in_kind'), 0) FROM pledges p WHERE p.sponsor_id IN (SELECT id FROM s) AND p.pledged_on BETWEEN ${startDate}::date AND ${endDate}::date) AS pledged_kind,
			(SELECT coalesce(sum(r.amount) FILTER (WHERE p.kind = 'cash'), 0) FROM pledge_receipts r JOIN pledges p ON p.id = r.pledge_id WHERE p.sponsor_id IN (SELECT id FROM s) AND r.received_on BETWEEN ${startDate}::date AND ${endDate}::date) AS received_cash,
			(SELECT coalesce(sum(r.amount) FILTER (WHERE p.kind = 'in_kind'), 0) FROM pledge_receipts r JOIN pledges p ON p.id = r.pledge_id WHERE p.sponsor_id IN (SELECT id FROM s) AND r.received_on BETWEEN ${startDate}::date AND ${endDate}::date) AS received_kind,
			(SELECT coalesce(sum(g.value), 0) FROM mobilisation_gifts g JOIN pledge_receipts r ON r.id = g.receipt_id JOIN pledges p ON p.id = r.pledge_id WHERE p.sponsor_id IN (SELECT id FROM s) AND g.given_on BETWEEN ${startDate}::date AND ${endDate}::date) AS given_on`
	);
	const [pairing] = await rowsOf<Record<string, unknown>>(
		db,
		sql`WITH active AS (
			SELECT p.id, p.household_id, extract(year FROM p.from_date)::int AS start_year
			FROM pairings p JOIN units u ON u.id = p.unit_id
			WHERE u.path LIKE ${prefix} AND p.from_date <= ${endDate}::date AND (p.to_date IS NULL OR p.to_date >= ${startDate}::date)
		), outcome AS (
			SELECT a.household_id,
				(SELECT c.category FROM household_classifications c
				 WHERE c.household_id = a.household_id AND c.year > a.start_year AND c.year <= ${endYear}
				 ORDER BY c.year DESC LIMIT 1) AS later
			FROM active a
		)
		SELECT (SELECT count(*) FROM active) AS pairings,
			(SELECT count(DISTINCT household_id) FROM active) AS households,
			(SELECT count(DISTINCT household_id) FROM outcome WHERE later IN ('escaped', 'none')) AS escaped`
	);
	const pledgedCash = n(money.pledged_cash);
	const pledgedKind = n(money.pledged_kind);
	const receivedCash = n(money.received_cash);
	const receivedKind = n(money.received_kind);
	return {
		sponsors: n(money.sponsors),
		pledged: { cash: pledgedCash, inKind: pledgedKind, total: pledgedCash + pledgedKind },
		received: { cash: receivedCash, inKind: receivedKind, total: receivedCash + receivedKind },
		givenOn: n(money.given_on),
		pairingsActive: n(pairing.pairings),
		householdsPaired: n(pairing.households),
		householdsEscaped: n(pairing.escaped)
	};
}

/** A sponsor as the public portal may name it: only those who agreed to be named publicly. */
export interface PublicSponsor {
	name: string;
	kind: string;
	unitName: string;
	/** Received from the sponsor between the two dates, in đồng. */
	received: number;
}

/**
 * The sponsors of a unit's subtree who agreed to be named on the portal, with what they gave in the
 * period, largest first (for the portal's thanks and for reports). Those without consent are left
 * out entirely, not masked: their gifts still count in `mobilisationSummary`.
 */
export async function publicSponsors(db: Db, scopeUnitPath: string, startDate: string, endDate: string): Promise<PublicSponsor[]> {
	const prefix = escapeLike(scopeUnitPath) + '%';
	const rows = await rowsOf<{ name: string; kind: string; unit_name: string; received: unknown }>(
		db,
		sql`SELECT s.name, s.kind, u.name AS unit_name,
			coalesce((SELECT sum(r.amount) FROM pledge_receipts r JOIN pledges p ON p.id = r.pledge_id
				WHERE p.sponsor_id = s.id AND r.received_on BETWEEN ${startDate}::date AND ${endDate}::date), 0) AS received
		FROM sponsors s JOIN units u ON u.id = s.unit_id
		WHERE u.path LIKE ${prefix} AND s.consent_public
		ORDER BY 4 DESC, s.name`
	);
	return rows.map((r) => ({ name: r.name, kind: r.kind, unitName: r.unit_name, received: Number(r.received) }));
}
