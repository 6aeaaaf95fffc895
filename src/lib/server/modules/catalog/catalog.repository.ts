import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { audienceGroups, channels, fundingSources, indicators } from './catalog.tables';

export type ChannelRow = typeof channels.$inferSelect;
export type AudienceGroupRow = typeof audienceGroups.$inferSelect;
export type FundingSourceRow = typeof fundingSources.$inferSelect;
export type IndicatorRow = typeof indicators.$inferSelect;

export async function selectChannels(db: Db, opts: { includeInactive?: boolean } = {}): Promise<ChannelRow[]> {
	return db
		.select()
		.from(channels)
		.where(opts.includeInactive ? undefined : eq(channels.active, true))
		.orderBy(asc(channels.sort), asc(channels.code));
}

export async function selectAudienceGroups(db: Db): Promise<AudienceGroupRow[]> {
	return db.select().from(audienceGroups).orderBy(asc(audienceGroups.sort), asc(audienceGroups.code));
}

export async function selectFundingSources(db: Db): Promise<FundingSourceRow[]> {
	return db.select().from(fundingSources).orderBy(asc(fundingSources.sort), asc(fundingSources.code));
}

export async function selectIndicators(db: Db, opts: { includeInactive?: boolean } = {}): Promise<IndicatorRow[]> {
	return db
		.select()
		.from(indicators)
		.where(opts.includeInactive ? undefined : eq(indicators.active, true))
		.orderBy(asc(indicators.sort), asc(indicators.code));
}

/** The codes of each vocabulary, active or not, to check the codes a record names. */
export async function selectCatalogCodes(db: Db) {
	const [c, a, f, i] = await Promise.all([
		db.select({ code: channels.code }).from(channels),
		db.select({ code: audienceGroups.code }).from(audienceGroups),
		db.select({ code: fundingSources.code }).from(fundingSources),
		db.select({ code: indicators.code }).from(indicators)
	]);
	const set = (rows: { code: string }[]) => new Set(rows.map((r) => r.code));
	return { channels: set(c), audienceGroups: set(a), fundingSources: set(f), indicators: set(i) };
}
