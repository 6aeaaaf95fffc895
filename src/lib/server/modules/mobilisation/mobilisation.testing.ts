import type { Db } from '../../db/client';
import { units } from '../units/units.tables';
import { buildActor } from '../../testing/factories';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';

/**
 * The two-commune tree with the people mobilisation tests need: commune officers of C1 and C2,
 * the head of village C1-V1, C1's finance officer, and households of C1-V1, C1-V2 and C2-V1
 * classified for 2025 (one of C1-V1 poor, one of C1-V1 not poor) and 2026 (the poor one out of poverty).
 */
export async function buildMobilisationWorld(db: Db) {
	const w = await buildHouseholdWorld(db);
	const finance1 = await buildActor(db, 'finance_officer', 'C1');
	const member1 = await buildActor(db, 'organisation_member', 'C1');
	const poor11 = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Lò Văn Pành', classifications: [{ year: 2025, category: 'poor' }, { year: 2026, category: 'escaped' }] });
	const better11 = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Hà Thị Khá', classification: { year: 2025, category: 'none' } });
	const near12 = await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Vi Văn Cận', classification: { year: 2025, category: 'near_poor' } });
	const poor21 = await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Mùa A Dính', classification: { year: 2025, category: 'poor' } });
	const paths = Object.fromEntries((await db.select({ code: units.code, path: units.path }).from(units)).map((u) => [u.code, u.path]));
	return { ...w, paths, finance1, member1, poor11: poor11.id, better11: better11.id, near12: near12.id, poor21: poor21.id };
}
