import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import { bandedPng } from '../activities/activities.images';
import { buildHousehold } from '../households/households.testing';
import type { StoryCreateInput, StoryStatus, StoryView } from './stories.schemas';
import { createStory, type StoryCtx } from './stories.service';
import { recordStoryConsent } from './stories.consents';
import { approveStory, publishStory, submitStory } from './stories.workflow';

/**
 * Test data for stories: the two-commune tree of the factories, one account per role that reads,
 * writes or approves stories, and in village C1-V1 a household poor in 2025 that escaped in 2026.
 */
export async function buildStoryWorld(db: Db) {
	const units = await buildTwoCommunes(db);
	const actors = {
		admin: await buildActor(db, 'admin', null),
		province: await buildActor(db, 'province_officer', 'P1'),
		officer: await buildActor(db, 'commune_officer', 'C1'),
		leader: await buildActor(db, 'commune_leader', 'C1'),
		village: await buildActor(db, 'village_head', 'C1-V1'),
		otherVillageSameCommune: await buildActor(db, 'village_head', 'C1-V2'),
		finance: await buildActor(db, 'finance_officer', 'C1'),
		otherOfficer: await buildActor(db, 'commune_officer', 'C2'),
		otherLeader: await buildActor(db, 'commune_leader', 'C2'),
		otherVillage: await buildActor(db, 'village_head', 'C2-V1')
	};
	const household = await buildHousehold(db, {
		villageCode: 'C1-V1',
		headName: 'Lò Văn Thử',
		classifications: [
			{ year: 2025, category: 'poor' },
			{ year: 2026, category: 'escaped' }
		]
	});
	const otherHousehold = await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Hộ Xã Hai', classifications: [{ year: 2025, category: 'poor' }] });
	const as = (actor: Actor, now?: () => Date): StoryCtx => ({ db, actor, now });
	return { units, actors, as, household, otherHousehold };
}

export type StoryWorld = Awaited<ReturnType<typeof buildStoryWorld>>;

/** A small real PNG (a photo must pass the type check by content). */
export const testPhoto = () => ({ bytes: bandedPng(8, 6, [[200, 80, 40], [40, 120, 200]]), name: 'anh.png' });

/**
 * A group story of C1 written by `author` (default: C1's officer), with one consent, brought to
 * `status` by the author (submit) and `approver` (default: C1's leader: approve, publish).
 */
export async function buildStory(
	world: StoryWorld,
	opts: Partial<StoryCreateInput> & { status?: StoryStatus; author?: Actor; approver?: Actor; consent?: boolean } = {}
): Promise<StoryView> {
	const { status = 'draft', author = world.actors.officer, approver = world.actors.leader, consent = true, ...input } = opts;
	let story = await createStory(world.as(author), {
		unit: 'C1',
		subjectKind: 'group',
		subjectName: 'Tổ tiết kiệm phụ nữ thôn Một',
		title: 'Góp từng đồng, cả tổ cùng thoát nghèo',
		summary: 'Mười hai chị em góp vốn xoay vòng mua giống.',
		whatTheyDid: 'Mỗi tháng mỗi chị góp năm mươi nghìn đồng.',
		results: 'Năm hộ đã có vốn nuôi lợn nái.',
		...input
	});
	if (consent) story = await recordStoryConsent(world.as(author), story.id, { personName: 'Trần Thị Thử', givenOn: '2026-01-05', method: 'signed_form' });
	if (status === 'draft') return story;
	story = await submitStory(world.as(author), story.id);
	if (status === 'in_review') return story;
	story = await approveStory(world.as(approver), story.id);
	if (status === 'approved') return story;
	return publishStory(world.as(approver), story.id);
}
