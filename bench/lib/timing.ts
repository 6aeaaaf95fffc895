// In-process timings: work that is not a GET request (rendering a document, parsing a file) timed
// with performance.now() in the runner's own process, each beside a baseline measured in the same
// run, so that the figure reads as "this much more than the floor for the same content".

/** One timed operation and its baseline; `samples` 1 means measured once (a slow external tool). */
export interface TimingTarget {
	/** What the row shows, e.g. `app: renderPlanDocx` or `baseline: docx Packer, same paragraphs, no styling`. */
	label: string;
	/** Returns a size in bytes of what it produced (shown in the table, and a check that it did something). */
	run(): Promise<number> | number;
	/** Timed runs; default 200. */
	samples?: number;
	/** Untimed runs first (JIT, caches); default 20. */
	warmup?: number;
}

export interface TimingCase {
	/** Short id, used by BENCH_ONLY and in results JSON. */
	id: string;
	title: string;
	/** Builds the inputs once and returns what to time: the work first, its baselines after. */
	prepare(): Promise<TimingTarget[]>;
}

export interface TimingFigures {
	samples: number;
	bytes: number;
	p50Ms: number;
	p95Ms: number;
	maxMs: number;
	meanMs: number;
	/**
	 * CPU time of this process per run (user + system, all threads, mean over the runs). Other work
	 * on the machine stretches the wall-clock figures but hardly this one.
	 */
	cpuMsPerRun: number;
}

export interface TimingRow {
	case: string;
	title: string;
	label: string;
	figures: TimingFigures | null;
	/** Cores busy on the machine just before the measurement. */
	busyBeforeCores?: number | null;
	skipped?: string;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}

/** Runs a target: warm-up, then `samples` sequential timed runs. */
export async function measure(target: TimingTarget): Promise<TimingFigures> {
	const samples = target.samples ?? 200;
	const warmup = target.warmup ?? 20;
	let bytes = 0;
	for (let i = 0; i < warmup; i++) bytes = await target.run();
	const times: number[] = [];
	const cpu = process.cpuUsage();
	for (let i = 0; i < samples; i++) {
		const start = performance.now();
		bytes = await target.run();
		times.push(performance.now() - start);
	}
	const used = process.cpuUsage(cpu);
	times.sort((a, b) => a - b);
	return {
		samples,
		bytes,
		p50Ms: round(percentile(times, 50)),
		p95Ms: round(percentile(times, 95)),
		maxMs: round(times[times.length - 1]),
		meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
		cpuMsPerRun: round((used.user + used.system) / 1000 / samples)
	};
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** The timings table printed after the HTTP table: one block per case, the work above its baselines. */
export function formatTimings(rows: TimingRow[], disturbedCores = 0.3): string {
	const header = ['timing', 'runs', 'p50 ms', 'p95 ms', 'max ms', 'CPU ms/run', 'output bytes'];
	const cells: (string | string[])[] = [];
	for (const id of [...new Set(rows.map((r) => r.case))]) {
		const block = rows.filter((r) => r.case === id);
		cells.push(block[0].title);
		for (const r of block) {
			const f = r.figures;
			const label = '  ' + r.label + ((r.busyBeforeCores ?? 0) > disturbedCores ? ' *' : '');
			cells.push(f ? [label, String(f.samples), ms(f.p50Ms), ms(f.p95Ms), ms(f.maxMs), ms(f.cpuMsPerRun), f.bytes.toLocaleString('en-US')] : [label, `not measured: ${r.skipped ?? '?'}`]);
		}
	}
	const full = cells.filter((c): c is string[] => Array.isArray(c) && c.length > 2);
	const widths = header.map((h, i) => Math.max(h.length, ...full.map((c) => c[i].length)));
	const fmt = (c: string[]) => (c.length === 2 ? `${c[0].padEnd(widths[0])}  ${c[1]}` : c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '));
	const out = [fmt(header), '-'.repeat(widths.reduce((a, b) => a + b + 2, -2))];
	for (const c of cells) out.push(typeof c === 'string' ? c : fmt(c));
	return out.join('\n');
}

/** A target measured once, whose label gains its figures after the run (the runner reads it then). */
export function once(base: string, work: () => Promise<{ bytes: number; note: string }>): TimingTarget {
	let note = '';
	return {
		get label() {
			return note ? `${base} [${note}]` : base;
		},
		samples: 1,
		warmup: 0,
		async run() {
			const r = await work();
			note = r.note;
			process.stderr.write(`    ${base}: ${r.note}\n`);
			return r.bytes;
		}
	};
}
