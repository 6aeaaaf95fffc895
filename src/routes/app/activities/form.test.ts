import { describe, expect, it } from 'vitest';
import { ActivityInput } from '$lib/server/modules/activities/activities.schemas';
import { formInput, formValues, viewValues } from './form';

const plan = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const other = '1b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';

function post(entries: [string, string][]) {
	const data = new FormData();
	for (const [k, v] of entries) data.append(k, v);
	return formValues(data);
}

describe('activity form', () => {
	it('reads counts, money as Vietnamese write it, themes of the chosen plan only, households once', () => {
		const values = post([
			['unit', 'C1'],
			['channel', 'dialogue'],
			['title', ' Đối thoại '],
			['date', '2026-03-10'],
			['status', 'done'],
			['plan', plan],
			['theme', `${plan}|Nội dung một`],
			['theme', `${other}|Nội dung của kế hoạch khác`],
			['count.poor', '4'],
			['count.near_poor', ''],
			['costAmount.local_budget', '1.200.000'],
			['costAmount.socialised', '300 000'],
			['cost', '1.500.000'],
			['household', '2b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'],
			['household', '2b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'],
			['material.0.label', 'Tờ gấp'],
			['material.0.printed', '100'],
			['material.1.label', '']
		]);
		const input = ActivityInput.parse(formInput(values, ['poor', 'near_poor', 'other'], ['local_budget', 'socialised']));
		expect(input).toMatchObject({
			title: 'Đối thoại',
			plan,
			themes: ['Nội dung một'],
			counts: { poor: 4 },
			cost: 1_500_000,
			costs: [
				{ source: 'local_budget', amount: 1_200_000 },
				{ source: 'socialised', amount: 300_000 }
			],
			households: ['2b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'],
			materials: [{ label: 'Tờ gấp', printed: 100, handedOut: null }],
			status: 'done'
		});
	});

	it('passes what is not a number on to the schema, which refuses it', () => {
		const values = post([
			['unit', 'C1'],
			['channel', 'dialogue'],
			['title', 'x'],
			['date', '2026-03-10'],
			['count.poor', 'nhiều'],
			['count.other', '-2']
		]);
		const r = ActivityInput.safeParse(formInput(values, ['poor', 'other'], []));
		expect(r.success).toBe(false);
		expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['counts.other', 'counts.poor']);
	});

	it('a stored activity fills the form back to the same input', () => {
		const view = {
			id: plan,
			version: 3,
			unit: { code: 'C1', name: 'Xã Một' },
			coveredUnits: [{ code: 'C1-V1', name: 'Thôn Một' }],
			channel: 'training',
			plan: { id: plan, title: 'KH', periodFrom: 2026, periodTo: 2026 },
			themes: ['Nội dung một'],
			title: 'Tập huấn',
			description: null,
			place: 'Hội trường',
			date: '2026-04-08',
			startTime: '07:30',
			endTime: null,
			organiser: null,
			responsible: null,
			audiences: ['cadre'],
			counts: { cadre: 9 },
			participants: 9,
			households: [],
			materials: [{ label: 'Tài liệu', printed: 20, handedOut: 18, contentId: null }],
			cost: 800_000,
			costs: [{ source: 'central_programme', amount: 800_000, note: null }],
			status: 'verified' as const,
			verifiedBy: null,
			verifiedAt: null,
			contentId: null,
			source: 'web',
			createdBy: null,
			createdAt: '',
			updatedAt: '',
			evidence: [],
			allowed: { edit: true, verify: false }
		};
		const input = ActivityInput.parse(formInput(viewValues(view), ['cadre'], ['central_programme']));
		expect(input).toMatchObject({ unit: 'C1', coveredUnits: ['C1-V1'], plan, themes: ['Nội dung một'], counts: { cadre: 9 }, cost: 800_000, status: 'done', version: 3 });
	});
});
