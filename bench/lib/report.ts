import type { LoadFigures, LoadSettings } from './load';
import type { TimingRow } from './timing';

export interface ResultRow {
	case: string;
	title: string;
	/** `app` or a baseline server. */
	server: 'app' | 'nginx' | 'node:http';
	database: 'pglite' | 'postgres' | null;
	label: string;
	path: string;
	/** Size of one answer's body. */
	bodyBytes: number | null;
	figures: LoadFigures | null;
	/** Cores busy on the machine just before the measurement (the runner waits for < 0.3). */
	busyBeforeCores?: number | null;
	/** Why it was not measured. */
	skipped?: string;
}

/** Other work competed for the CPU: before the measurement or during it. */
export function disturbed(r: ResultRow): boolean {
	return (r.busyBeforeCores ?? 0) > 0.3 || (r.figures?.otherCpuCores ?? 0) > 0.25;
}

export interface Report {
	date: string;
	machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; node: string };
	software: Record<string, string>;
	commit: string | null;
	settings: LoadSettings & { tool: string };
	rows: ResultRow[];
	/** In-process timings (bench/lib/timing.ts). */
	timings?: TimingRow[];
}

const num = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(2);

/** The table printed at the end: one block per case, the app's rows above its baselines. */
export function formatTable(report: Report): string {
	const header = ['target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'server CPU', 'load-gen CPU', 'vs nginx'];
	const lines: string[][] = [];
	const blocks: (string | string[][])[] = [];
	const caseIds = [...new Set(report.rows.map((r) => r.case))];
	for (const id of caseIds) {
		const rows = report.rows.filter((r) => r.case === id);
		const nginx = rows.find((r) => r.server === 'nginx')?.figures?.reqPerSec;
		const block: string[][] = rows.map((r) => {
			const f = r.figures;
			if (!f) return ['  ' + r.label, `not measured: ${r.skipped ?? '?'}`];
			return [
				'  ' + r.label + (disturbed(r) ? ' *' : ''),
				num(f.reqPerSec),
				ms(f.latencyMs.p50),
				ms(f.latencyMs.p99),
				String(f.errors),
				String(f.non2xx),
				f.serverCpuCores === null ? '—' : `${f.serverCpuCores.toFixed(2)} cores`,
				`${f.clientCpuCores.toFixed(2)} cores`,
				nginx && r.server !== 'nginx' ? `${((f.reqPerSec / nginx) * 100).toFixed(1)} %` : ''
			];
		});
		blocks.push(rows[0].title, block);
		lines.push(...block);
	}
	const widths = header.map((h, i) => Math.max(h.length, ...lines.filter((l) => l.length > 2).map((l) => (l[i] ?? '').length)));
	const fmt = (cells: string[]) =>
		cells.length === 2
			? `${cells[0].padEnd(widths[0])}  ${cells[1]}`
			: cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	const out = [fmt(header), '-'.repeat(widths.reduce((a, b) => a + b + 2, -2))];
	for (const b of blocks) {
		if (typeof b === 'string') out.push(b);
		else for (const l of b) out.push(fmt(l));
	}
	return out.join('\n');
}
