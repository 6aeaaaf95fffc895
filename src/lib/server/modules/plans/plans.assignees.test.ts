import { describe, expect, it } from 'vitest';
import { assigneeRoleOf, foldVietnamese } from './plans.assignees';

describe('assignee roles', () => {
	it('folds Vietnamese for matching', () => {
		expect(foldVietnamese('Công chức VH- XH phụ trách Lao động – TB&XH xã')).toBe('cong chuc vh xh phu trach lao dong tb xh xa');
		expect(foldVietnamese('Đoàn Thanh niên')).toBe('doan thanh nien');
	});

	it('maps the assignees the seeds and plans name to the roles that see them as tasks', () => {
		const cases: [string, string | null][] = [
			['Công chức VH-XH phụ trách lĩnh vực Lao động Thương binh và xã hội.', 'commune_officer'],
			['Công chức Văn hóa – xã hội phụ trách lĩnh vực văn hóa thông tin', 'commune_officer'],
			['Công chức VH- XH phụ trách Lao động - TB&XH xã:', 'commune_officer'],
			['Công chức Tài chính - Kế toán xã:', 'finance_officer'],
			['Các thành viên Ban chỉ đạo', 'commune_leader'],
			['Chủ tịch, các Phó Chủ tịch UBND xã', 'commune_leader'],
			['Ban nhân dân các thôn:', 'village_head'],
			['Trưởng thôn các thôn', 'village_head'],
			['Đề nghị các ban ngành đoàn thể xã', 'organisation_member'],
			['Ủy ban Mặt trận Tổ quốc xã', 'organisation_member'],
			['Hội Phụ nữ xã', 'organisation_member'],
			['Chủ tịch Hội Nông dân xã', 'organisation_member'],
			['Đoàn Thanh niên Cộng sản Hồ Chí Minh xã', 'organisation_member'],
			['Công an xã', null]
		];
		expect(cases.map(([text]) => [text, assigneeRoleOf(text)])).toEqual(cases);
	});
});
