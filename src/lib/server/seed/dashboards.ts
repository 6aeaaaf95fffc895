import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { systemActor } from '../access/actor';
import { createUnit, mergeUnit } from '../modules/units/units.service';
import { saveActivity, verifyActivity } from '../modules/activities/activities.service';
import type { ActivityInputFields } from '../modules/activities/activities.schemas';

/** The commune merged into Xã Hà Bình on 1 July 2025 (a made-up code and name for the demonstration). */
export const mergedCommune = { code: '16105', name: 'Xã Hà Lai', successorCode: '16108', date: '2025-07-01' } as const;

/**
 * History for the dashboards: Xã Hà Lai, a commune of Thanh Hóa that worked on its own through
 * 2024 and the first half of 2025 and was then merged into Xã Hà Bình. Its bulletins, dialogues
 * and a training course of those years are recorded (by the system, as the commune's own accounts
 * are gone), then the merger is made through the units service, so the province
 * dashboard shows them under Hà Bình for 2024 and 2025.
 */
export async function seedDashboards(db: Db): Promise<void> {
	await createUnit({ db, actor: systemActor }, { code: mergedCommune.code, name: mergedCommune.name, level: 'commune', parentCode: '38', validFrom: '2020-01-01' });
	const officer = systemActor;
	const record = async (fields: Omit<ActivityInputFields, 'unit'>, verified: boolean) => {
		const id = randomUUID();
		const at = () => new Date(`${fields.date}T10:00:00+07:00`);
		await saveActivity({ db, actor: officer, now: at }, id, { unit: mergedCommune.code, ...fields } as ActivityInputFields, 'demo');
		if (verified) await verifyActivity({ db, actor: officer, now: () => new Date(at().getTime() + 3 * 86_400_000) }, id);
	};

	// A bulletin on the commune's loudspeakers every other month of 2024 and early 2025.
	for (const [i, date] of ['2024-01-15', '2024-03-15', '2024-05-15', '2024-07-15', '2024-09-16', '2024-11-15', '2025-01-15', '2025-03-17', '2025-05-15'].entries())
		await record(
			{
				channel: 'loudspeaker',
				title: `Chuyên mục “Hà Lai chung sức giảm nghèo” số ${i + 1}`,
				place: 'Đài truyền thanh xã Hà Lai',
				date,
				startTime: '17:00',
				endTime: '17:15',
				organiser: 'Ban Văn hóa xã Hà Lai',
				audiences: ['general_public'],
				status: 'done'
			} as Omit<ActivityInputFields, 'unit'>,
			true
		);
	// Two policy dialogues a year, with the people who came counted by group.
	const dialogues: [string, string, Record<string, number>][] = [
		['2024-04-10', 'Đối thoại về vay vốn ưu đãi cho hộ nghèo nuôi bò sinh sản', { poor: 21, near_poor: 14, general_public: 9 }],
		['2024-10-08', 'Đối thoại về hỗ trợ nhà ở cho hộ nghèo trước mùa mưa bão', { poor: 17, near_poor: 11, escaped: 4 }],
		['2025-04-09', 'Đối thoại về chuẩn bị sáp nhập xã và giữ các chính sách giảm nghèo', { poor: 19, near_poor: 12, general_public: 15 }]
	];
	for (const [date, title, counts] of dialogues)
		await record(
			{
				channel: 'dialogue',
				title,
				place: 'Nhà văn hóa xã Hà Lai',
				date,
				startTime: '08:00',
				endTime: '10:30',
				organiser: 'UBND xã Hà Lai',
				audiences: Object.keys(counts),
				counts,
				status: 'done'
			} as Omit<ActivityInputFields, 'unit'>,
			true
		);
	await record(
		{
			channel: 'training',
			title: 'Lớp hướng dẫn lập kế hoạch sản xuất cho tổ trưởng tổ tự quản giảm nghèo',
			place: 'Hội trường UBND xã Hà Lai',
			date: '2024-06-20',
			startTime: '07:30',
			endTime: '16:30',
			organiser: 'UBND xã Hà Lai',
			audiences: ['poor', 'near_poor'],
			counts: { poor: 18, near_poor: 7 },
			status: 'done'
		} as Omit<ActivityInputFields, 'unit'>,
		true
	);

	await mergeUnit({ db, actor: systemActor }, mergedCommune.code, { successorCode: mergedCommune.successorCode, date: mergedCommune.date, moveChildren: true });
}
