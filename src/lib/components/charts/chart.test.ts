import { describe, expect, it } from 'vitest';
import { barGeometry } from './chart';

const series = [
	{ key: 'a', label: 'A', colour: '#000' },
	{ key: 'b', label: 'B', colour: '#111' }
];

describe('bar chart geometry', () => {
	it('stacks segments in series order, scaled to the largest row', () => {
		const g = barGeometry([{ label: 'x', values: { a: 2, b: 2 } }, { label: 'y', values: { b: 1 } }], series, { barWidth: 400, labelWidth: 100, rowHeight: 20 });
		expect(g.bars[0].segments.map((s) => [s.key, s.x, s.width])).toEqual([
			['a', 100, 200],
			['b', 300, 200]
		]);
		expect(g.bars[1].segments.map((s) => [s.key, s.x, s.width])).toEqual([['b', 100, 100]]);
		expect(g.bars.map((b) => [b.y, b.note, b.end])).toEqual([
			[0, '4', 500],
			[20, '1', 200]
		]);
		expect(g.height).toBe(44);
	});

	it('keeps to a given maximum (shares out of 100) and never draws past it; no rows is an empty chart', () => {
		const g = barGeometry([{ label: 'x', values: { a: 150, b: -5 }, note: '150%' }], series, { max: 100, barWidth: 400, labelWidth: 100 });
		expect(g.bars[0].segments.map((s) => s.width)).toEqual([400]);
		expect(g.bars[0].end).toBe(500);
		expect(g.bars[0].note).toBe('150%');
		expect(barGeometry([], series).bars).toEqual([]);
	});
});
