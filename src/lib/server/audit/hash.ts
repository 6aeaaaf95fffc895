import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so a value hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
	if (value instanceof Date) return JSON.stringify(value.toISOString());
	if (typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
	}
	return JSON.stringify(value);
}

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
	seq: number;
	at: Date;
	kind: string;
	actorId: string | null;
	actorName: string;
	action: string;
	entityType: string;
	entityId: string | null;
	unitId: string | null;
	before: unknown;
	after: unknown;
	context: unknown;
	prevHash: string;
}

/** SHA-256 over the entry's fields and the previous entry's hash: changing or removing any entry breaks the chain. */
export function entryHash(e: HashedFields): string {
	return createHash('sha256')
		.update(
			canonicalJson({
				seq: e.seq,
				at: e.at.toISOString(),
				kind: e.kind,
				actorId: e.actorId,
				actorName: e.actorName,
				action: e.action,
				entityType: e.entityType,
				entityId: e.entityId,
				unitId: e.unitId,
				before: e.before ?? null,
				after: e.after ?? null,
				context: e.context ?? null,
				prevHash: e.prevHash
			})
		)
		.digest('hex');
}
