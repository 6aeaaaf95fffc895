import type { Db } from '../../db/client';
import { buildActor } from '../../testing/factories';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';
import type { ActivityInputFields } from './activities.schemas';

/**
 * The two-commune world of the household tests, with the actors activities need (a village head
 * of C1-V2 and C2-V1, the chair of C1, a viewer of C1) and a household in each of three villages.
 */
export async function buildActivityWorld(db: Db) {
	const w = await buildHouseholdWorld(db);
	const [head12, head21, chair1] = await Promise.all([
		buildActor(db, 'village_head', 'C1-V2'),
		buildActor(db, 'village_head', 'C2-V1'),
		buildActor(db, 'commune_leader', 'C1')
	]);
	const hh11 = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Đinh Văn Khoa', classification: { year: 2026, category: 'poor' } });
	const hh12 = await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Vũ Thị Lan', classification: { year: 2026, category: 'near_poor' } });
	const hh21 = await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Lò Văn Minh', classification: { year: 2026, category: 'poor' } });
	return { ...w, head12, head21, chair1, hh11: hh11.id, hh12: hh12.id, hh21: hh21.id };
}

let counter = 0;

/** A valid activity input in a unit (a done village meeting of 2026-03-10 unless told otherwise). */
export function activityFields(unit: string, over: Partial<ActivityInputFields> = {}): ActivityInputFields {
	return {
		unit,
		channel: 'dialogue',
		title: `Họp thôn phổ biến chính sách số ${++counter}`,
		place: 'Nhà văn hóa thôn',
		date: '2026-03-10',
		startTime: '19:00',
		endTime: '21:00',
		status: 'done',
		counts: { poor: 5, near_poor: 3, other: 12 },
		...over
	};
}
