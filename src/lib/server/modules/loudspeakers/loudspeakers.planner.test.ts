import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, StationPlan, type PlanItem, type PlanSlot } from './loudspeakers.planner';

const slots: PlanSlot[] = [
	{ id: 'am', startTime: '06:00', minutes: 5, weekdays: [1, 2, 3, 4, 5, 6, 7] },
	{ id: 'pm', startTime: '17:00', minutes: 5, weekdays: [1, 2, 3, 4, 5] }
];
const MONDAY = '2026-03-02';
const item = (contentId: string, rank: number, seconds: number, requestedAt: number, over: Partial<PlanItem> = {}): PlanItem => ({
	id: contentId,
	contentId,
	rank,
	seconds,
	requestedAt,
	status: 'scheduled',
	date: MONDAY,
	slotId: 'am',
	...over
});

describe('schedule planner', () => {
	it('knows weekdays and dates', () => {
		expect(isoWeekday('2026-03-02')).toBe(1);
		expect(isoWeekday('2026-03-08')).toBe(7);
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
	});

	it('an emergency displaces what does not fit, never a played bulletin; the displaced cascade onwards', () => {
		const plan = new StationPlan(
			slots,
			[item('played', 2, 200, 1, { status: 'played' }), item('n1', 2, 100, 2), item('n2', 2, 250, 3, { slotId: 'pm' })],
			[],
			{ date: MONDAY, time: '05:00' }
		);
		const e = plan.place({ id: null, contentId: 'e', rank: 0, seconds: 90, requestedAt: 4, status: 'scheduled' }, MONDAY)!;
		expect([e.date, e.slotId]).toEqual([MONDAY, 'am']);
		expect(plan.itemsOf(MONDAY, 'am').map((x) => x.contentId)).toEqual(['e', 'played']);
		// n1 (100 s) moved to the evening, where n2 (250 s) leaves 50 s: on to Tuesday morning.
		expect(plan.itemsOf(MONDAY, 'pm').map((x) => x.contentId)).toEqual(['n2']);
		expect(plan.itemsOf('2026-03-03', 'am').map((x) => [x.contentId, x.changed])).toEqual([['n1', 'moved']]);
	});

	it('an emergency longer than the slot still goes in; an ordinary one is refused as too long; no slot at all is said so', () => {
		const plan = new StationPlan(slots, [], [], { date: MONDAY, time: '05:00' });
		expect(plan.place({ id: null, contentId: 'e', rank: 0, seconds: 400, requestedAt: 1, status: 'scheduled' }, MONDAY)?.slotId).toBe('am');
		expect(plan.place({ id: null, contentId: 'n', rank: 2, seconds: 400, requestedAt: 2, status: 'scheduled' }, MONDAY)).toBeNull();
		expect(new StationPlan([], [], [], { date: MONDAY, time: '05:00' }).place({ id: null, contentId: 'n', rank: 2, seconds: 10, requestedAt: 1, status: 'scheduled' }, MONDAY)).toBeNull();
		expect(plan.unplaced).toEqual([{ date: MONDAY, reason: 'tooLong' }]);
	});

	it('gives up after the spill window and says there was no room', () => {
		const full = Array.from({ length: 10 }, (_, d) => addDays(MONDAY, d)).flatMap((date) => [
			item(`a${date}`, 2, 300, 0, { date, slotId: 'am' }),
			item(`p${date}`, 2, 300, 0, { date, slotId: 'pm' })
		]);
		const plan = new StationPlan(slots, full, [], { date: MONDAY, time: '05:00' });
		expect(plan.place({ id: null, contentId: 'x', rank: 2, seconds: 10, requestedAt: 1, status: 'scheduled' }, MONDAY)).toBeNull();
		expect(plan.unplaced).toEqual([{ date: MONDAY, reason: 'noRoom' }]);
		// A priority bulletin takes room from normal ones: it goes in the first slot and pushes one on.
		const p = plan.place({ id: null, contentId: 'p', rank: 1, seconds: 10, requestedAt: 2, status: 'scheduled' }, MONDAY)!;
		expect([p.date, p.slotId]).toEqual([MONDAY, 'am']);
	});
});
