import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/db';
import type { Database } from '../../db/client';
import { findAudienceGroups, findCatalog, findChannels, findFundingSources, findIndicators } from './catalog.service';
import { selectCatalogCodes } from './catalog.repository';

describe('catalogues', () => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
	});
	afterAll(() => database.close());

	it('lists each vocabulary in order, named in the asked language and in both', async () => {
		const channels = await findChannels(database.db, 'vi');
		expect(channels[0]).toEqual({ code: 'loudspeaker', name: 'Loa truyền thanh', nameVi: 'Loa truyền thanh', nameEn: 'Loudspeaker', active: true });
		expect(channels.at(-1)!.code).toBe('other');
		const groups = await findAudienceGroups(database.db, 'en');
		expect(groups.filter((g) => g.householdCategory).map((g) => g.code)).toEqual(['poor', 'near_poor', 'escaped']);
		expect(groups[0].name).toBe('Poor households');
		expect((await findFundingSources(database.db, 'vi')).map((f) => f.code)).toEqual(['central_programme', 'local_budget', 'legal_dissemination', 'socialised']);
		const share = (await findIndicators(database.db, 'en')).find((i) => i.code === 'share_poor_reached');
		expect(share).toMatchObject({ unit: '%', kind: 'computed', aggregation: 'last' });
		expect(await findCatalog(database.db, 'indicators', 'vi')).toHaveLength((await findIndicators(database.db, 'vi')).length);
	});

	it('gives the codes of every vocabulary for checking records', async () => {
		const codes = await selectCatalogCodes(database.db);
		expect(codes.indicators.has('bulletins_broadcast')).toBe(true);
		expect(codes.channels.has('zalo')).toBe(true);
		expect(codes.audienceGroups.has('near_poor')).toBe(true);
		expect(codes.fundingSources.has('socialised')).toBe(true);
	});
});
