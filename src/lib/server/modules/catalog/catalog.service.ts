import type { Db } from '../../db/client';
import type { Locale } from '../../../i18n';
import { selectAudienceGroups, selectChannels, selectFundingSources, selectIndicators } from './catalog.repository';
import type { AudienceGroup, CatalogKind, Channel, FundingSource, Indicator } from './catalog.schemas';

/**
 * Read services of the shared vocabularies. They are reference data every signed-in user may
 * read (forms, filters, plan targets); editing them comes with the administrators' pages.
 */

const named = (row: { code: string; nameVi: string; nameEn: string }, locale: Locale) => ({
	code: row.code,
	name: locale === 'en' ? row.nameEn : row.nameVi,
	nameVi: row.nameVi,
	nameEn: row.nameEn
});

export async function findChannels(db: Db, locale: Locale, opts: { includeInactive?: boolean } = {}): Promise<Channel[]> {
	return (await selectChannels(db, opts)).map((r) => ({ ...named(r, locale), active: r.active }));
}

export async function findAudienceGroups(db: Db, locale: Locale): Promise<AudienceGroup[]> {
	return (await selectAudienceGroups(db)).map((r) => ({ ...named(r, locale), householdCategory: r.householdCategory }));
}

export async function findFundingSources(db: Db, locale: Locale): Promise<FundingSource[]> {
	return (await selectFundingSources(db)).map((r) => named(r, locale));
}

export async function findIndicators(db: Db, locale: Locale, opts: { includeInactive?: boolean } = {}): Promise<Indicator[]> {
	return (await selectIndicators(db, opts)).map((r) => ({
		...named(r, locale),
		unit: locale === 'en' ? r.unitEn : r.unitVi,
		kind: r.kind as Indicator['kind'],
		aggregation: r.aggregation as Indicator['aggregation'],
		active: r.active
	}));
}

/** One vocabulary by its name in the API (`channels`, `audience-groups`, `funding-sources`, `indicators`). */
export async function findCatalog(db: Db, kind: CatalogKind, locale: Locale, opts: { includeInactive?: boolean } = {}) {
	switch (kind) {
		case 'channels':
			return findChannels(db, locale, opts);
		case 'audience-groups':
			return findAudienceGroups(db, locale);
		case 'funding-sources':
			return findFundingSources(db, locale);
		case 'indicators':
			return findIndicators(db, locale, opts);
	}
}
