/** Data of the server-rendered bar charts: rows of segments, each segment a value of one series. */
export interface ChartSeries {
	key: string;
	label: string;
	colour: string;
}

export interface ChartRow {
	label: string;
	/** Values by series key; a missing key is 0. */
	values: Record<string, number>;
	/** Printed at the end of the bar instead of the sum (e.g. "2/3 hộ"). */
	note?: string;
}

export interface BarGeometry {
	width: number;
	height: number;
	labelWidth: number;
	rowHeight: number;
	bars: { y: number; label: string; end: number; note: string; segments: { key: string; x: number; width: number; value: number; colour: string; label: string }[] }[];
}

/**
 * Horizontal stacked bars: one bar per row, its segments in series order, scaled to `max` (the
 * largest row sum when not given). Pure, so the geometry is the same on the server and in tests.
 */
export function barGeometry(rows: ChartRow[], series: ChartSeries[], opts: { max?: number; barWidth?: number; labelWidth?: number; rowHeight?: number; format?: (n: number) => string } = {}): BarGeometry {
	const rowHeight = opts.rowHeight ?? 26;
	const labelWidth = opts.labelWidth ?? 200;
	const barWidth = opts.barWidth ?? 400;
	const format = opts.format ?? ((n: number) => String(n));
	const sum = (r: ChartRow) => series.reduce((n, s) => n + Math.max(0, r.values[s.key] ?? 0), 0);
	const max = Math.max(1e-9, opts.max ?? Math.max(1, ...rows.map(sum)));
	const bars = rows.map((r, i) => {
		let x = labelWidth;
		const segments = series
			.filter((s) => (r.values[s.key] ?? 0) > 0)
			.map((s) => {
				const value = r.values[s.key] ?? 0;
				const width = (Math.min(value, max) / max) * barWidth;
				const seg = { key: s.key, x, width, value, colour: s.colour, label: s.label };
				x += width;
				return seg;
			});
		return { y: i * rowHeight, label: r.label, end: Math.min(x, labelWidth + barWidth), note: r.note ?? format(sum(r)), segments };
	});
	return { width: labelWidth + barWidth + 180, height: Math.max(1, bars.length) * rowHeight + 4, labelWidth, rowHeight, bars };
}

/** Colours with enough contrast on white for bars and their legend. */
export const chartColours = {
	reached: '#1d6b35',
	notReached: '#c9ced6',
	channel: '#24527a',
	poor: '#8a1c1c',
	near_poor: '#9a5b00',
	escaped: '#1d6b35',
	none: '#5a6270',
	actual: '#24527a',
	over: '#1d6b35'
} as const;
