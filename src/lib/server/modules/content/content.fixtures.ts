import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import type { ContentCreateInput, ContentStatus, ContentView } from './content.schemas';
import { createContent, type ContentCtx } from './content.service';
import { approveContent, publishContent, submitContent } from './content.workflow';

/** Test data for content: the two-commune tree of the factories and one account per role that works on content. */
export async function buildContentWorld(db: Db) {
	const units = await buildTwoCommunes(db);
	const actors = {
		admin: await buildActor(db, 'admin', null),
		province: await buildActor(db, 'province_officer', 'P1'),
		officer: await buildActor(db, 'commune_officer', 'C1'),
		leader: await buildActor(db, 'commune_leader', 'C1'),
		village: await buildActor(db, 'village_head', 'C1-V1'),
		otherOfficer: await buildActor(db, 'commune_officer', 'C2'),
		otherLeader: await buildActor(db, 'commune_leader', 'C2'),
		otherVillage: await buildActor(db, 'village_head', 'C2-V1'),
		viewer: await buildActor(db, 'viewer', 'C1')
	};
	const as = (actor: Actor, now?: () => Date): ContentCtx => ({ db, actor, now });
	return { units, actors, as };
}

/**
 * An item written by `author` (default: C1's officer) and brought to `status` by the officer
 * (submit, publish) and `approver` (default: C1's leader).
 */
export async function buildContent(
	world: Awaited<ReturnType<typeof buildContentWorld>>,
	opts: Partial<ContentCreateInput> & { status?: ContentStatus; author?: Actor; approver?: Actor } = {}
): Promise<ContentView> {
	const { status = 'draft', author = world.actors.officer, approver = world.actors.leader, ...input } = opts;
	let item = await createContent(world.as(author), { unit: 'C1', kind: 'bulletin', title: 'Thông báo lịch tiêm chủng', body: 'Sáng thứ Bảy tiêm chủng tại trạm y tế xã.', ...input });
	if (status === 'draft') return item;
	item = await submitContent(world.as(author), item.id);
	if (status === 'in_review') return item;
	item = await approveContent(world.as(approver), item.id);
	if (status === 'approved') return item;
	return publishContent(world.as(author), item.id);
}
