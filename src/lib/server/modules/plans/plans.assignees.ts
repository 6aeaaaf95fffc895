import type { Role } from '../../access/roles';

/** Lower case, without diacritics (đ → d), punctuation as spaces: "Công chức VH- XH" → "cong chuc vh xh". */
export function foldVietnamese(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/**
 * Who a plan's assignee line names, as a role, by the words plans use for them. Checked in order:
 * the first rule that matches wins, so "Chủ tịch Hội Nông dân" is an organisation, not the chair.
 */
const rules: [Role, RegExp][] = [
	['finance_officer', /\b(tai chinh|ke toan|tc kt)\b/],
	['commune_officer', /\b(vh xh|vhxh|van hoa xa hoi|van hoa thong tin|lao dong thuong binh|ld tb ?xh|ldtbxh)\b/],
	['organisation_member', /\b(mat tran|mttq|ubmttq|doan the|ban nganh|hoi (phu nu|nong dan|cuu chien binh|ccb|nguoi cao tuoi|chu thap do)|doan thanh nien|doan tn|hoi vien|cac hoi)\b/],
	['village_head', /\b(thon|ban nhan dan|to dan pho|truong ban|ban lang|khu pho)\b/],
	['commune_leader', /\b(chu tich|pho chu tich|lanh dao|ban chi dao|bcd|ubnd)\b/]
];

/**
 * The role whose holders see an assignment as their task, from the assignee as written
 * ("Công chức VH-XH" → commune_officer, "Ban nhân dân các thôn" → village_head), or null when
 * the text names no role Lan Tỏa knows (the officers still see it among the unit's tasks).
 */
export function assigneeRoleOf(assignee: string): Role | null {
	const folded = foldVietnamese(assignee);
	for (const [role, pattern] of rules) if (pattern.test(folded)) return role;
	return null;
}
