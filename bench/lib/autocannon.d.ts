// The part of autocannon's programmatic API the benchmarks use (the package ships no types).
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';

	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		timeout?: number;
		pipelining?: number;
		method?: string;
		headers?: Record<string, string>;
	}

	interface Histogram {
		average: number;
		mean: number;
		stddev: number;
		min: number;
		max: number;
		total: number;
		p50: number;
		p90: number;
		p99: number;
	}

	interface Result {
		duration: number;
		errors: number;
		timeouts: number;
		non2xx: number;
		'2xx': number;
		statusCodeStats: Record<string, { count: number }>;
		latency: Histogram;
		requests: Histogram & { sent: number };
		throughput: Histogram;
	}

	interface Instance extends EventEmitter, PromiseLike<Result> {
		stop(): void;
	}

	function autocannon(opts: Options): Instance;
	export default autocannon;
	export type { Options, Result, Instance };
}
