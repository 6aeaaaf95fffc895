import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import { submitFeedback } from './feedback.intake';
import type { FeedbackSubmitInput } from './feedback.schemas';
import { FeedbackSubmitInput as Schema } from './feedback.schemas';

/** Two provinces with a commune each, and the officers the feedback tests act as. */
export async function buildFeedbackWorld(db: Db) {
	const tree = await buildTwoCommunes(db);
	const officer1 = await buildActor(db, 'commune_officer', 'C1');
	const leader1 = await buildActor(db, 'commune_leader', 'C1');
	const officer2 = await buildActor(db, 'commune_officer', 'C2');
	const province1 = await buildActor(db, 'province_officer', 'P1');
	const viewer1 = await buildActor(db, 'viewer', 'C1');
	const village1 = await buildActor(db, 'village_head', 'C1-V1');
	return { tree, officer1, leader1, officer2, province1, viewer1, village1 };
}

/** A submission through the public intake, as the portal sends it. */
export function submit(db: Db, over: Partial<Record<keyof FeedbackSubmitInput, unknown>> = {}) {
	const input = Schema.parse({ unit: 'C1', title: 'Hỏi về hỗ trợ nhà ở', body: 'Nhà tôi thuộc hộ nghèo, xin hỏi thủ tục.', ...over });
	return submitFeedback(db, input, 'api');
}

/** Moves an item's dates back, as if it had been received `days` calendar days ago. */
export async function ageItem(db: Db, trackingCode: string, dueDate: string) {
	await db.execute(sql`UPDATE feedback_items SET due_date = ${dueDate}, escalate_after = ${dueDate} WHERE tracking_code = ${trackingCode}`);
}

export async function idOf(db: Db, trackingCode: string): Promise<string> {
	const r = await db.execute(sql`SELECT id FROM feedback_items WHERE tracking_code = ${trackingCode}`);
	return (r as unknown as { rows: { id: string }[] }).rows[0].id;
}
