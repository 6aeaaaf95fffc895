import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { buildActor } from '../../testing/factories';
import { saveActivity } from '../activities/activities.service';
import { activityFields } from '../activities/activities.testing';
import { buildActivityWorld } from '../activities/activities.testing';
import type { Actor } from '../../access/actor';

/** A tiny PDF (recognised by its magic bytes), as a receipt. */
export const pdfReceipt = (label = 'Hoa don') => ({
	bytes: new TextEncoder().encode(`%PDF-1.4\n% ${label}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`),
	name: `${label}.pdf`
});

export const when = () => new Date('2026-06-15T03:00:00Z');

/** The activity world plus a finance officer of each commune and a few activities to spend on. */
export async function buildBudgetWorld(db: Db) {
	const w = await buildActivityWorld(db);
	const [finance1, finance2] = await Promise.all([buildActor(db, 'finance_officer', 'C1'), buildActor(db, 'finance_officer', 'C2')]);
	const activity = async (actor: Actor, unit: string, over: Parameters<typeof activityFields>[1] = {}) => {
		const id = randomUUID();
		await saveActivity({ db, actor, now: when }, id, activityFields(unit, over), 'web');
		return id;
	};
	const meeting11 = await activity(w.head11, 'C1-V1', { title: 'Họp thôn về vay vốn ưu đãi' });
	const conference1 = await activity(w.officer1, 'C1', { title: 'Hội nghị xã về giảm nghèo', channel: 'conference' });
	const conference2 = await activity(w.officer2, 'C2', { title: 'Hội nghị xã Hai', channel: 'conference' });
	return { ...w, finance1, finance2, meeting11, conference1, conference2, activity };
}

export const allocation = (unit: string, over: Record<string, unknown> = {}) => ({
	unit,
	year: 2026,
	source: 'local_budget',
	amount: '10.000.000',
	decisionNumber: '45/QĐ-UBND',
	decisionDate: '2026-01-20',
	decisionIssuer: 'UBND xã',
	...over
});

export const spending = (activity: string, over: Record<string, unknown> = {}) => ({
	activity,
	source: 'local_budget',
	amount: 1_000_000,
	spentOn: '2026-03-12',
	payee: 'Cửa hàng văn phòng phẩm Minh Anh',
	description: 'In tài liệu hội nghị',
	...over
});
