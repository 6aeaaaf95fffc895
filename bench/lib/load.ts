import autocannon from 'autocannon';
import { cpuSecondsBetween, cpuSecondsByName, machineCpuSeconds, processCpuSeconds } from './proc';

export interface LoadSettings {
	connections: number;
	/** Seconds measured. */
	durationS: number;
	/** Seconds of the same load first, thrown away (JIT, caches, connection set-up). */
	warmupS: number;
	/** Seconds before one request counts as a timeout. */
	timeoutS: number;
}

export interface LoadFigures {
	/** Answered requests (any status) per second over the measured window. */
	reqPerSec: number;
	/** Latency of the 2xx answers, milliseconds, exact percentiles of every request. */
	latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
	requests: number;
	ok2xx: number;
	non2xx: number;
	/** Connection errors, timeouts included. */
	errors: number;
	timeouts: number;
	statusCodes: Record<string, number>;
	bytesPerSec: number;
	seconds: number;
	/** CPU of the server process (with its children), in cores: 1.0 = one core fully busy. */
	serverCpuCores: number | null;
	/** CPU of the load generator (this process), in cores. */
	clientCpuCores: number;
	/** CPU of every `postgres` process on the machine, in cores. */
	postgresCpuCores: number;
	/** CPU of the whole machine, in cores. */
	machineCpuCores: number | null;
	/**
	 * Machine CPU not explained by server, load generator or PostgreSQL: other work on the machine
	 * competed with the measurement when this is well above zero.
	 */
	otherCpuCores: number | null;
}

export interface Probe {
	status: number;
	contentType: string;
	body: Buffer;
}

/** One plain request, to check the target answers what it should before it is loaded. */
export async function probe(url: string, headers: Record<string, string> = {}): Promise<Probe> {
	const res = await fetch(url, { headers, redirect: 'manual' });
	return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

/** Collects every 2xx latency (autocannon's own histogram rounds to whole milliseconds). */
class Latencies {
	private a = new Float64Array(1 << 16);
	n = 0;
	add(ms: number) {
		if (this.n === this.a.length) {
			const b = new Float64Array(this.a.length * 2);
			b.set(this.a);
			this.a = b;
		}
		this.a[this.n++] = ms;
	}
	summary() {
		const s = this.a.subarray(0, this.n).sort();
		const at = (q: number) => (this.n ? s[Math.min(this.n - 1, Math.ceil(q * this.n) - 1)] : 0);
		let sum = 0;
		for (let i = 0; i < this.n; i++) sum += s[i];
		return { mean: this.n ? sum / this.n : 0, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: this.n ? s[this.n - 1] : 0 };
	}
}

async function fire(url: string, headers: Record<string, string>, connections: number, durationS: number, timeoutS: number, lat?: Latencies) {
	const instance = autocannon({ url, headers, connections, duration: durationS, timeout: timeoutS, pipelining: 1 });
	if (lat)
		instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
			if (status >= 200 && status < 300) lat.add(ms);
		});
	return await instance;
}

/**
 * Warm-up, then the measured run, from this process (autocannon, one thread, keep-alive
 * connections, no pipelining). `serverPid` is sampled for CPU use during the measured window.
 */
export async function load(url: string, headers: Record<string, string>, s: LoadSettings, serverPid: number | null): Promise<LoadFigures> {
	if (s.warmupS > 0) await fire(url, headers, s.connections, s.warmupS, s.timeoutS);
	const lat = new Latencies();
	const cpu0 = serverPid ? processCpuSeconds(serverPid) : null;
	const m0 = machineCpuSeconds();
	const pg0 = cpuSecondsByName('postgres');
	const c0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	const r = await fire(url, headers, s.connections, s.durationS, s.timeoutS, lat);
	const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
	const cpu1 = serverPid ? processCpuSeconds(serverPid) : null;
	const m1 = machineCpuSeconds();
	const pg1 = cpuSecondsByName('postgres');
	const c1 = process.cpuUsage(c0);
	const statusCodes: Record<string, number> = {};
	for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = v.count;
	const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
	const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
	const l = lat.summary();
	const serverCpu = cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / seconds : null;
	const clientCpu = (c1.user + c1.system) / 1e6 / seconds;
	const postgresCpu = cpuSecondsBetween(pg0, pg1) / seconds;
	const machineCpu = m0 && m1 ? (m1.busy - m0.busy) / seconds : null;
	return {
		reqPerSec: round(requests / seconds, 0),
		latencyMs: { mean: round(l.mean), p50: round(l.p50), p90: round(l.p90), p99: round(l.p99), max: round(l.max) },
		requests,
		ok2xx: r['2xx'],
		non2xx: r.non2xx,
		errors: r.errors,
		timeouts: r.timeouts,
		statusCodes,
		bytesPerSec: round(r.throughput.total / seconds, 0),
		seconds: round(seconds),
		serverCpuCores: serverCpu === null ? null : round(serverCpu),
		clientCpuCores: round(clientCpu),
		postgresCpuCores: round(postgresCpu),
		machineCpuCores: machineCpu === null ? null : round(machineCpu),
		otherCpuCores: machineCpu === null || serverCpu === null ? null : round(Math.max(0, machineCpu - serverCpu - clientCpu - postgresCpu))
	};
}
