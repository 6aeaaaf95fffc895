import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { findHouseholds } from './households.service';
import { recordConsent } from './households.consent';
import type { HouseholdListQuery } from './households.schemas';
import { buildHousehold, buildHouseholdWorld } from './households.testing';

const seen = { screen: 'test', purpose: 'search' };

describe.each(testDrivers)('household search and filters (%s)', (driver) => {
	let database: Database;
	let officer: Actor;
	const find = async (q: Partial<HouseholdListQuery>) =>
		(await findHouseholds({ db: database.db, actor: officer }, { limit: 50, offset: 0, ...q }, seen)).items.map((h) => h.headName);

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const w = await buildHouseholdWorld(database.db);
		officer = w.officer1;
		const db = database.db;
		const an = await buildHousehold(db, {
			villageCode: 'C1-V1',
			headName: 'Nguyễn Văn An',
			birthYear: 1970,
			classification: { year: 2025, category: 'poor', lacking: ['telecom_use', 'information_means'] }
		});
		await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Nguyễn Văn Anh', classification: { year: 2025, category: 'near_poor', lacking: ['sanitation'] } });
		const thu = await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Phạm Thị Thu', classification: { year: 2026, category: 'escaped' } });
		await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Đặng Văn Đức', classification: { year: 2025, category: 'poor' } });
		await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Nguyễn Văn Bính', classification: { year: 2024, category: 'poor' } });
		await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Nguyễn Văn An', classification: { year: 2025, category: 'poor' } });
		// A look-alike of An (same name, birth year, village): flagged on entry.
		await buildHousehold(db, { villageCode: 'C1-V1', headName: 'NGUYEN VAN AN', birthYear: 1970 });
		const ctx = { db, actor: officer };
		await recordConsent(ctx, an.id, { granted: true, channels: ['sms', 'zalo'], note: null });
		await recordConsent(ctx, thu.id, { granted: true, channels: ['zalo'], note: null });
		await recordConsent(ctx, thu.id, { granted: false, channels: [], note: 'không muốn nhận tin' });
	});
	afterAll(() => database.close());

	it('finds a name typed without diacritics, in any case, and ranks the closest first', async () => {
		expect((await find({ q: 'nguyen van an' })).slice(0, 2).sort()).toEqual(['NGUYEN VAN AN', 'Nguyễn Văn An']);
		expect(await find({ q: 'nguyen van an' })).toContain('Nguyễn Văn Anh');
		expect(await find({ q: 'NGUYỄN VĂN AN'.normalize('NFD') })).toContain('Nguyễn Văn An');
		expect(await find({ q: 'dang van duc' })).toEqual(['Đặng Văn Đức']);
		expect(await find({ q: 'thu' })).toEqual(['Phạm Thị Thu']);
	});

	it('tolerates typos', async () => {
		expect(await find({ q: 'Nguyen Van Aan' })).toContain('Nguyễn Văn An');
		expect(await find({ q: 'Pham Thi Thuu' })).toEqual(['Phạm Thị Thu']);
		expect(await find({ q: 'Dang Van Duk' })).toEqual(['Đặng Văn Đức']);
		expect(await find({ q: 'thuu' })).toEqual(['Phạm Thị Thu']);
		expect(await find({ q: 'Hoàng Minh Tuấn' })).toEqual([]);
		// Close enough is a typo, not every name sharing "Nguyễn Văn".
		expect(await find({ q: 'nguyen van an' })).not.toContain('Nguyễn Văn Bính');
	});

	it('a word must start with what was typed: "an" does not match every "Văn"', async () => {
		expect((await find({ q: 'an' })).sort()).toEqual(['NGUYEN VAN AN', 'Nguyễn Văn An', 'Nguyễn Văn Anh']);
	});

	it('filters by village, year and category, lacking indicator, consent and open duplicates', async () => {
		expect((await find({ village: 'C1-V2' })).sort()).toEqual(['Nguyễn Văn Bính', 'Phạm Thị Thu', 'Đặng Văn Đức']);
		expect((await find({ village: 'C1' })).length).toBe(6);
		expect((await find({ year: 2025, category: 'poor' })).sort()).toEqual(['Nguyễn Văn An', 'Đặng Văn Đức']);
		expect(await find({ year: 2026, category: 'escaped' })).toEqual(['Phạm Thị Thu']);
		expect(await find({ year: 2025, category: 'escaped' })).toEqual([]);
		expect(await find({ year: 2025, lacking: 'telecom_use' })).toEqual(['Nguyễn Văn An']);
		expect(await find({ year: 2025, lacking: 'sanitation' })).toEqual(['Nguyễn Văn Anh']);
		expect(await find({ consent: 'granted' })).toEqual(['Nguyễn Văn An']);
		expect(await find({ consent: 'withdrawn' })).toEqual(['Phạm Thị Thu']);
		expect((await find({ consent: 'none' })).length).toBe(4);
		expect((await find({ duplicates: true })).sort()).toEqual(['NGUYEN VAN AN', 'Nguyễn Văn An']);
		expect(await find({ q: 'an', year: 2025, category: 'poor', village: 'C1-V1', consent: 'granted' })).toEqual(['Nguyễn Văn An']);
	});

	it('shows each household’s category of the year asked for, and its consent in force', async () => {
		const ctx = { db: database.db, actor: officer };
		const { items } = await findHouseholds(ctx, { q: 'nguyen van an', year: 2025, village: 'C1-V1', limit: 50, offset: 0 }, seen);
		const an = items.find((i) => i.headName === 'Nguyễn Văn An')!;
		expect(an).toMatchObject({ year: 2025, category: 'poor', lacking: ['information_means', 'telecom_use'], consent: 'granted', consentChannels: ['sms', 'zalo'], openDuplicates: 1 });
		const later = await findHouseholds(ctx, { q: 'nguyen van an', year: 2026, village: 'C1-V1', limit: 50, offset: 0 }, seen);
		expect(later.items.find((i) => i.headName === 'Nguyễn Văn An')).toMatchObject({ year: 2026, category: null, lacking: [] });
	});

	it('pages through a list without repeating or skipping', async () => {
		const ctx = { db: database.db, actor: officer };
		const first = await findHouseholds(ctx, { limit: 2, offset: 0 }, seen);
		const second = await findHouseholds(ctx, { limit: 2, offset: 2 }, seen);
		const third = await findHouseholds(ctx, { limit: 2, offset: 4 }, seen);
		expect([first.hasMore, second.hasMore, third.hasMore]).toEqual([true, true, false]);
		const ids = [...first.items, ...second.items, ...third.items].map((i) => i.id);
		expect(new Set(ids).size).toBe(6);
	});

	it('a search paged in small steps lists the same households in the same order as one page', async () => {
		const ctx = { db: database.db, actor: officer };
		for (const q of ['nguyen van an', 'nguyen van aan', 'an']) {
			const whole = (await findHouseholds(ctx, { q, limit: 50, offset: 0 }, seen)).items.map((i) => i.id);
			const paged: string[] = [];
			for (let offset = 0; offset < whole.length + 2; offset += 2) paged.push(...(await findHouseholds(ctx, { q, limit: 2, offset }, seen)).items.map((i) => i.id));
			expect(paged).toEqual(whole);
		}
	});

	it('refuses an unknown village code', async () => {
		await expect(find({ village: 'NOWHERE' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
