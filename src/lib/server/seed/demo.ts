import type { Db } from '../db/client';
import { systemActor } from '../access/actor';
import type { Role } from '../access/roles';
import { createUnit } from '../modules/units/units.service';
import { createUser } from '../modules/users/users.service';
import { seedPlans } from './plans';
import { seedFeedback } from './feedback';
import { seedHouseholds } from './households';
import { seedLoudspeakers } from './loudspeakers';
import { seedActivities } from './activities';
import { seedContent } from './content';
import { seedEvents } from './events';
import { seedPortal } from './portal';
import { seedStories } from './stories';
import { seedReports } from './reports';
import { seedDashboards } from './dashboards';
import { seedMobilisation } from './mobilisation';
import { seedTraining } from './training';
import { seedBudget } from './budget';
import { seedPlatforms } from './platforms';
import { seedReminders } from './reminders';
import { seedOutreach } from './outreach';
import { seedPublishing } from './publishing';

export const DEMO_PASSWORD = 'lantoa-demo';

interface DemoUnit {
	code: string;
	name: string;
	level: string;
	parentCode?: string;
	validFrom?: string;
	validTo?: string;
}

/**
 * Two provinces, each with the commune one of the seed plans comes from and its villages, plus
 * the districts that existed until the two-tier reform of 1 July 2025, kept as history.
 * Codes and village names are made up for the demonstration.
 */
export const demoUnits: DemoUnit[] = [
	{ code: '38', name: 'Tỉnh Thanh Hóa', level: 'province' },
	{ code: '38-HT', name: 'Huyện Hà Trung', level: 'district', parentCode: '38', validTo: '2025-06-30' },
	{ code: '16108', name: 'Xã Hà Bình', level: 'commune', parentCode: '38' },
	{ code: '16108-01', name: 'Thôn Đông Sơn', level: 'village', parentCode: '16108' },
	{ code: '16108-02', name: 'Thôn Tây Sơn', level: 'village', parentCode: '16108' },
	{ code: '16108-03', name: 'Thôn Bình Lâm', level: 'village', parentCode: '16108' },
	{ code: '16108-04', name: 'Thôn Yên Thịnh', level: 'village', parentCode: '16108' },
	{ code: '16108-05', name: 'Thôn Trung Hòa', level: 'village', parentCode: '16108' },
	{ code: '16108-06', name: 'Thôn Bái Xuân', level: 'village', parentCode: '16108' },
	{ code: '68', name: 'Tỉnh Lâm Đồng', level: 'province' },
	{ code: '68-DT', name: 'Huyện Đức Trọng', level: 'district', parentCode: '68', validTo: '2025-06-30' },
	{ code: '24997', name: 'Xã Đa Quyn', level: 'commune', parentCode: '68' },
	{ code: '24997-01', name: 'Thôn Ta Ly', level: 'village', parentCode: '24997' },
	{ code: '24997-02', name: 'Thôn Ma Đanh', level: 'village', parentCode: '24997' },
	{ code: '24997-03', name: 'Thôn Đa Phú', level: 'village', parentCode: '24997' },
	{ code: '24997-04', name: 'Thôn Kon Pang', level: 'village', parentCode: '24997' },
	{ code: '24997-05', name: 'Thôn Lạc Hòa', level: 'village', parentCode: '24997' },
	{ code: '24997-06', name: 'Thôn Sre Đăng', level: 'village', parentCode: '24997' },
	{ code: '24997-07', name: 'Thôn Bon Đơng', level: 'village', parentCode: '24997' }
];

export interface DemoAccount {
	username: string;
	displayName: string;
	role: Role;
	unitCode: string | null;
	description: string;
}

export const demoAccounts: DemoAccount[] = [
	{ username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', unitCode: null, description: 'quản trị hệ thống / system administrator' },
	{ username: 'tinh.thanhhoa', displayName: 'Lê Thị Thanh', role: 'province_officer', unitCode: '38', description: 'cán bộ tỉnh Thanh Hóa / province officer' },
	{ username: 'canbo.habinh', displayName: 'Trần Văn Bình', role: 'commune_officer', unitCode: '16108', description: 'công chức VH-XH xã Hà Bình / commune officer' },
	{ username: 'canbo.daquyn', displayName: 'K’ Thị Hoa', role: 'commune_officer', unitCode: '24997', description: 'công chức VH-XH xã Đa Quyn / commune officer' },
	{ username: 'chutich.habinh', displayName: 'Phạm Quốc Hưng', role: 'commune_leader', unitCode: '16108', description: 'chủ tịch UBND xã Hà Bình / commune chair' },
	{ username: 'ketoan.habinh', displayName: 'Nguyễn Thị Mai', role: 'finance_officer', unitCode: '16108', description: 'công chức TC-KT xã Hà Bình / finance officer' },
	{ username: 'truongthon.habinh', displayName: 'Hoàng Văn Sơn', role: 'village_head', unitCode: '16108-01', description: 'trưởng thôn Đông Sơn, Hà Bình / village head' }
];

/** Loads the demo data through the same services a user goes through, so it is valid data. */
export async function seedDemo(db: Db): Promise<void> {
	const ctx = { db, actor: systemActor };
	for (const u of demoUnits) await createUnit(ctx, u);
	for (const a of demoAccounts) {
		await createUser(ctx, {
			username: a.username,
			displayName: a.displayName,
			password: DEMO_PASSWORD,
			locale: 'vi',
			roles: [{ role: a.role, unitCode: a.unitCode }]
		});
	}
	await seedPlans(db);
	await seedHouseholds(db);
	await seedActivities(db);
	await seedContent(db);
	await seedLoudspeakers(db);
	await seedFeedback(db);
	await seedPortal(db);
	await seedEvents(db);
	await seedStories(db);
	await seedDashboards(db);
	await seedMobilisation(db);
	await seedTraining(db);
	await seedBudget(db);
	await seedPlatforms(db);
	await seedOutreach(db);
	await seedPublishing(db);
	// Last: approved reports lock their periods against further writes of activities.
	await seedReports(db);
	// After everything that falls due: officers' reminders collected from the demo.
	await seedReminders(db);
}
