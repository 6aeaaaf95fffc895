/**
 * A fixed-window counter per key (IP, username, phone) kept in memory. Enough for one process;
 * the limits it guards are about abuse, not accounting.
 */
export class RateLimiter {
	private hits = new Map<string, { count: number; resetAt: number }>();

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly now: () => number = Date.now
	) {}

	/** Counts one attempt; false when the key is over its limit for the current window. */
	take(key: string): boolean {
		const t = this.now();
		let entry = this.hits.get(key);
		if (!entry || entry.resetAt <= t) {
			entry = { count: 0, resetAt: t + this.windowMs };
			this.hits.set(key, entry);
			if (this.hits.size > 50_000) this.sweep(t);
		}
		entry.count++;
		return entry.count <= this.limit;
	}

	reset(key: string): void {
		this.hits.delete(key);
	}

	private sweep(t: number) {
		for (const [k, v] of this.hits) if (v.resetAt <= t) this.hits.delete(k);
	}
}
