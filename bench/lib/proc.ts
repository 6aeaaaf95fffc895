import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

// CPU accounting from /proc (Linux): how busy the server under load was, and the whole machine.
// Elsewhere the figures are left out rather than guessed.

const CLK_TCK = 100;

function statFields(pid: number): string[] | null {
	try {
		const raw = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name sits in parentheses and may hold spaces: split after the last ')'.
		return raw.slice(raw.lastIndexOf(')') + 2).split(' ');
	} catch {
		return null;
	}
}

/** Direct children of `pid` (nginx's master → its workers; this runner → the app server). */
export function childPids(pid: number): number[] {
	const out: number[] = [];
	let entries: string[] = [];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return out;
	}
	for (const e of entries) {
		if (!/^\d+$/.test(e)) continue;
		const f = statFields(Number(e));
		if (f && Number(f[1]) === pid) out.push(Number(e));
	}
	return out;
}

/** The child of this process whose command line contains `needle`. */
export function findOwnChild(needle: string): number | null {
	for (const pid of childPids(process.pid)) {
		try {
			if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) return pid;
		} catch {
			/* gone */
		}
	}
	return null;
}

/** CPU seconds used so far by `pid` and its direct children (user + system). */
export function processCpuSeconds(pid: number): number | null {
	let ticks = 0;
	let found = false;
	for (const p of [pid, ...childPids(pid)]) {
		const f = statFields(p);
		if (!f) continue;
		found = true;
		// Fields 14 and 15 of /proc/PID/stat (utime, stime); f[0] is field 3.
		ticks += Number(f[11]) + Number(f[12]);
	}
	return found ? ticks / CLK_TCK : null;
}

/** Busy and total CPU seconds of the whole machine, all cores. */
export function machineCpuSeconds(): { busy: number; total: number } | null {
	try {
		const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
		const v = line.trim().split(/\s+/).slice(1).map(Number);
		const idle = v[3] + (v[4] ?? 0);
		const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
		return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
	} catch {
		return null;
	}
}

/** Stops a child this runner started: the given signal, then SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill(signal);
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/** CPU seconds used so far by each process named `comm` (e.g. every `postgres` backend), by pid. */
export function cpuSecondsByName(comm: string): Map<number, number> {
	const out = new Map<number, number>();
	let entries: string[] = [];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return out;
	}
	for (const e of entries) {
		if (!/^\d+$/.test(e)) continue;
		try {
			const raw = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
			if (raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')')) !== comm) continue;
			const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
			out.set(Number(e), (Number(f[11]) + Number(f[12])) / CLK_TCK);
		} catch {
			/* gone */
		}
	}
	return out;
}

/** CPU seconds the processes of two `cpuSecondsByName` readings used in between (exited ones are lost). */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
	let s = 0;
	for (const [pid, t] of after) s += Math.max(0, t - (before.get(pid) ?? 0));
	return s;
}

/** Cores busy on the whole machine over `ms` (null where /proc is missing). */
export async function machineBusyCores(ms = 1000): Promise<number | null> {
	const a = machineCpuSeconds();
	const t0 = process.hrtime.bigint();
	await new Promise((r) => setTimeout(r, ms));
	const b = machineCpuSeconds();
	if (!a || !b) return null;
	return (b.busy - a.busy) / (Number(process.hrtime.bigint() - t0) / 1e9);
}
