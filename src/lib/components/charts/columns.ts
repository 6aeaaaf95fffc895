import type { ChartRow, ChartSeries } from './chart';

export interface ColumnGeometry {
	width: number;
	height: number;
	/** Top of the plotting area and its height (columns grow up from top + plotHeight). */
	top: number;
	plotHeight: number;
	left: number;
	ticks: { y: number; label: string }[];
	columns: { x: number; width: number; label: string; total: string; segments: { key: string; y: number; height: number; value: number; colour: string; label: string }[] }[];
}

/** A rounded-up scale maximum: 1, 2 or 5 times a power of ten. */
export function niceMax(n: number): number {
	if (n <= 0) return 1;
	const p = 10 ** Math.floor(Math.log10(n));
	return ([1, 2, 5, 10].find((m) => m * p >= n) ?? 10) * p;
}

/**
 * Vertical stacked columns, one per row (e.g. per month), with a value axis of five ticks. Pure,
 * so server and tests draw the same geometry.
 */
export function columnGeometry(rows: ChartRow[], series: ChartSeries[], opts: { columnWidth?: number; plotHeight?: number; format?: (n: number) => string } = {}): ColumnGeometry {
	const format = opts.format ?? ((n: number) => String(n));
	const plotHeight = opts.plotHeight ?? 180;
	const step = opts.columnWidth ?? 48;
	const left = 72;
	const top = 12;
	const sum = (r: ChartRow) => series.reduce((n, s) => n + Math.max(0, r.values[s.key] ?? 0), 0);
	const max = niceMax(Math.max(0, ...rows.map(sum)));
	const columns = rows.map((r, i) => {
		let y = top + plotHeight;
		const segments = series
			.filter((s) => (r.values[s.key] ?? 0) > 0)
			.map((s) => {
				const value = r.values[s.key] ?? 0;
				const height = (value / max) * plotHeight;
				y -= height;
				return { key: s.key, y, height, value, colour: s.colour, label: s.label };
			});
		return { x: left + i * step + step * 0.15, width: step * 0.7, label: r.label, total: r.note ?? format(sum(r)), segments };
	});
	const ticks = Array.from({ length: 5 }, (_, i) => ({ y: top + plotHeight - (plotHeight * i) / 4, label: format((max * i) / 4) }));
	return { width: left + Math.max(1, rows.length) * step + 10, height: top + plotHeight + 40, top, plotHeight, left, ticks, columns };
}
