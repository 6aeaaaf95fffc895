import { z } from 'zod';

export const catalogKinds = ['channels', 'audience-groups', 'funding-sources', 'indicators'] as const;
export type CatalogKind = (typeof catalogKinds)[number];

/** An entry of a vocabulary, named in the asked language and in both. */
const entry = {
	code: z.string(),
	name: z.string(),
	nameVi: z.string(),
	nameEn: z.string()
};

export const Channel = z.object({ ...entry, active: z.boolean() });
export const AudienceGroup = z.object({
	...entry,
	/** Poor, near-poor, newly out of poverty: the categories households are counted by. */
	householdCategory: z.boolean()
});
export const FundingSource = z.object(entry);
export const Indicator = z.object({
	...entry,
	/** Unit of measure in the asked language ("bản tin", "%"). */
	unit: z.string(),
	/** `computed` from records, or `manual` (entered in a report). */
	kind: z.enum(['computed', 'manual']),
	/** How values of periods add up: `sum` (counts) or `last` (shares, stocks). */
	aggregation: z.enum(['sum', 'last']),
	active: z.boolean()
});

export const CatalogEntry = z.union([Channel, AudienceGroup, FundingSource, Indicator]);
export const CatalogList = z.object({ items: z.array(CatalogEntry) });

export type Channel = z.infer<typeof Channel>;
export type AudienceGroup = z.infer<typeof AudienceGroup>;
export type FundingSource = z.infer<typeof FundingSource>;
export type Indicator = z.infer<typeof Indicator>;
