import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { findCatalog } from '$lib/server/modules/catalog/catalog.service';
import { CatalogList, catalogKinds } from '$lib/server/modules/catalog/catalog.schemas';

export const GET = endpoint(
	{
		summary: 'A shared vocabulary: channels, audience-groups, funding-sources or indicators, named in the asked language',
		tags: ['catalog'],
		auth: 'user',
		params: z.object({ kind: z.enum(catalogKinds) }),
		query: z.object({ includeInactive: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional() }),
		response: CatalogList
	},
	async ({ db, locale, params, query }) => ({ items: await findCatalog(db, params.kind, locale, { includeInactive: query.includeInactive }) })
);
