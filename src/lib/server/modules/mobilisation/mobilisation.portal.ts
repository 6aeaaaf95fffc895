import type { Db } from '../../db/client';
import { mobilisationSummary, publicSponsors, type PublicSponsor } from './mobilisation.summary';

/** A unit's socialised funds of a year as the public portal shows them. */
export interface PortalFunds {
	year: number;
	pledged: number;
	received: number;
	given: number;
	pairingsActive: number;
	householdsEscaped: number;
	/** Sponsors who agreed to be named and gave something in the year, largest first. */
	sponsors: PublicSponsor[];
}

/**
 * The year's socialised funds of everything under a portal's unit: totals only (every gift
 * counts), and by name only the sponsors who agreed to be named publicly (`publicSponsors`).
 * Null when there is nothing to show for the year. Public data: no reader check.
 */
export async function portalFunds(db: Db, unitPath: string, year: number): Promise<PortalFunds | null> {
	if (!Number.isInteger(year) || year < 2000 || year > 2100) return null;
	const from = `${year}-01-01`;
	const to = `${year}-12-31`;
	const [summary, named] = await Promise.all([mobilisationSummary(db, unitPath, from, to), publicSponsors(db, unitPath, from, to)]);
	const sponsors = named.filter((s) => s.received > 0);
	if (!summary.pledged.total && !summary.received.total && !summary.givenOn && !summary.pairingsActive && !sponsors.length) return null;
	return {
		year,
		pledged: summary.pledged.total,
		received: summary.received.total,
		given: summary.givenOn,
		pairingsActive: summary.pairingsActive,
		householdsEscaped: summary.householdsEscaped,
		sponsors
	};
}
