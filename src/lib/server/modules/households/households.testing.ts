import type { Db } from '../../db/client';
import { systemActor, type Actor } from '../../access/actor';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import { createHousehold } from './households.service';
import { HouseholdCreateInput, type HouseholdCreateFields } from './households.schemas';

let counter = 0;

/** A household entered through the service (as the system unless an actor is given), input parsed as a form or the API would. */
export async function buildHousehold(db: Db, over: Partial<HouseholdCreateFields> & { villageCode: string }, actor: Actor = systemActor) {
	return createHousehold({ db, actor }, HouseholdCreateInput.parse({ headName: `Hộ Thử ${++counter}`, ...over }));
}

/**
 * The two-commune tree of the unit tests with people on it: a commune officer of each commune,
 * the head of village C1-V1, an officer of province P1 (counts only) and a household list reader
 * granted on P1.
 */
export async function buildHouseholdWorld(db: Db) {
	const tree = await buildTwoCommunes(db);
	const [officer1, officer2, head11, province1, viewer1] = await Promise.all([
		buildActor(db, 'commune_officer', 'C1'),
		buildActor(db, 'commune_officer', 'C2'),
		buildActor(db, 'village_head', 'C1-V1'),
		buildActor(db, 'province_officer', 'P1'),
		buildActor(db, 'household_viewer', 'P1')
	]);
	return { tree, officer1, officer2, head11, province1, viewer1 };
}
