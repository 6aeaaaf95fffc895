import { describe, expect, it } from 'vitest';
import { newQueuedActivity, type ActivityDraft } from './queue';
import { parseUnsent, unsentCount } from './unsent';

const draft: ActivityDraft = { villageCode: 'V1', channelCode: 'dialogue', date: '2026-11-20', title: 'Họp thôn', place: '', counts: { other: 3 }, householdIds: [], planId: null, themes: [] };

describe('the unsent-records cookie', () => {
	it('counts every record not yet stored, whoever made it', () => {
		const a = newQueuedActivity('a', draft, [], 0, 'one');
		const b = { ...newQueuedActivity('b', draft, [], 0, 'two'), state: 'conflict' as const };
		const c = { ...newQueuedActivity('c', draft, [], 0, 'one'), state: 'sent' as const };
		expect(unsentCount([a, b, c])).toBe(2);
		expect(unsentCount([c])).toBe(0);
	});

	it('reads only plain counts; anything else is none, and large ones are capped', () => {
		expect(parseUnsent('3')).toBe(3);
		for (const bad of [undefined, null, '', 'abc', '-1', '1.5', '1e3', ' 2', '%00', '1234567']) expect(parseUnsent(bad), String(bad)).toBe(0);
		expect(parseUnsent('999999')).toBe(99_999);
	});
});
