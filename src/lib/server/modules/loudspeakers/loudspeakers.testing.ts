import type { Db } from '../../db/client';
import { buildActor } from '../../testing/factories';
import { buildContent, buildContentWorld } from '../content/content.fixtures';
import { addSlot, createStation } from './loudspeakers.service';

/** `n` spoken syllables (the schedule estimates 0.36 s each before audio exists). */
export const syllables = (n: number) => Array.from({ length: n }, () => 'tin').join(' ') + '.';

/**
 * The content world (two communes, one account per role) with loudspeaker stations: in C1 a wired
 * central one, an IP one in village V1 (06:00 every day and 17:00 on weekdays, 5 minutes each) and
 * an FM one in V2; in C2 an IP one in its village.
 */
export async function buildLoudspeakerWorld(db: Db) {
	const world = await buildContentWorld(db);
	const { officer, otherOfficer } = world.actors;
	const ctx1 = { db, actor: officer };
	const central = await createStation(ctx1, { unitCode: 'C1', name: 'Đài trung tâm xã Một', kind: 'wired' });
	const v1 = await createStation(ctx1, { unitCode: 'C1-V1', name: 'Loa thôn Một', kind: 'ip' });
	const v2 = await createStation(ctx1, { unitCode: 'C1-V2', name: 'Loa thôn Hai', kind: 'fm' });
	const other = await createStation({ db, actor: otherOfficer }, { unitCode: 'C2-V1', name: 'Loa thôn Ba', kind: 'ip' });
	for (const s of [central, v1, v2]) {
		await addSlot(ctx1, s.id, { startTime: '06:00', minutes: 5, weekdays: [1, 2, 3, 4, 5, 6, 7], label: 'Sáng' });
		await addSlot(ctx1, s.id, { startTime: '17:00', minutes: 5, weekdays: [1, 2, 3, 4, 5], label: 'Chiều' });
	}
	await addSlot({ db, actor: otherOfficer }, other.id, { startTime: '06:30', minutes: 10, weekdays: [1, 2, 3, 4, 5, 6, 7], label: null });
	const head12 = await buildActor(db, 'village_head', 'C1-V2');
	/** An approved bulletin of C1 that takes about `seconds` to read. */
	const bulletin = (title: string, seconds: number, priority: 'normal' | 'priority' | 'emergency' = 'normal', unit = 'C1') =>
		buildContent(world, {
			unit,
			title,
			body: syllables(Math.max(1, Math.round(seconds / 0.36) - title.split(/\s+/).length)),
			priority,
			status: 'approved',
			...(unit === 'C2' ? { author: otherOfficer, approver: world.actors.otherLeader } : {})
		});
	return { ...world, stations: { central, v1, v2, other }, head12, bulletin };
}
