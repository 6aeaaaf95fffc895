import { today } from '../../periods';
import { buildActivityWorld } from '../activities/activities.testing';
import type { Db } from '../../db/client';
import { EventInput, type EventInputFields } from './events.schemas';

/** A calendar date `days` from today in Asia/Ho_Chi_Minh (negative: in the past). */
export function dayFromToday(days: number): string {
	const base = new Date(`${today()}T00:00:00Z`);
	base.setUTCDate(base.getUTCDate() + days);
	return base.toISOString().slice(0, 10);
}

let counter = 0;

/** A valid event input (a commune dialogue a week from now inviting village C1-V1) unless told otherwise. */
export function eventInput(unit: string, over: Partial<EventInputFields> = {}): EventInput {
	return EventInput.parse({
		unit,
		kind: 'dialogue',
		title: `Đối thoại về vay vốn hộ nghèo số ${++counter}`,
		description: 'Người dân hỏi trực tiếp cán bộ ngân hàng chính sách và công chức xã.',
		agenda: ['Khai mạc, giới thiệu thành phần', 'Cán bộ ngân hàng trình bày các chương trình vay', 'Người dân nêu câu hỏi', 'Kết luận'],
		place: 'Hội trường Ủy ban nhân dân xã',
		date: dayFromToday(7),
		startTime: '08:00',
		endTime: '11:00',
		invitedGroups: ['poor', 'near_poor'],
		invitedVillages: unit === 'C1' ? ['C1-V1'] : [],
		published: true,
		registrationOpen: true,
		capacity: 50,
		...over
	});
}

/** The activities' two-commune world (officers, village heads, province officer, households). */
export const buildEventWorld = (db: Db) => buildActivityWorld(db);
