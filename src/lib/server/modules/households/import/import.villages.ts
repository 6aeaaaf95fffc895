import type { MessageKey } from '../../../../i18n';
import { normaliseName } from '../households.normalise';

/** A village under the unit an import goes into. */
export interface VillageUnit {
	id: string;
	code: string;
	name: string;
	path: string;
	validTo: string | null;
	successorId: string | null;
}

export type VillageMatch = { ok: true; village: VillageUnit } | { ok: false; key: MessageKey; params: Record<string, string> };

/** Words lists put before a village's own name; "Thôn Đông Sơn", "thôn 01" and "Đông Sơn" are one village. */
const prefixes = ['to dan pho', 'khu pho', 'tdp', 'thon', 'ban', 'buon', 'ap', 'xom', 'khom', 'khu', 'to'];

/** A village name compared loosely: normalised (see normaliseName), its kind word dropped, numbers without leading zeros. */
export function villageKey(name: string): string {
	let key = normaliseName(name).replace(/\b0+(\d)/g, '$1');
	for (const p of prefixes) {
		if (key.startsWith(p + ' ') && key.length > p.length + 1) {
			key = key.slice(p.length + 1);
			break;
		}
	}
	return key;
}

/**
 * Finds the village a row names, among the villages of the import's commune: by name (with or
 * without "Thôn", diacritics, case), or by code. A village merged into another resolves to the
 * one it was merged into; a village that no longer exists is an error.
 */
export class VillageResolver {
	private readonly byKey = new Map<string, VillageUnit[]>();
	private readonly byId = new Map<string, VillageUnit>();
	private readonly cache = new Map<string, VillageMatch>();

	constructor(private readonly villages: VillageUnit[]) {
		for (const v of villages) {
			this.byId.set(v.id, v);
			for (const key of new Set([normaliseName(v.name), villageKey(v.name), normaliseName(v.code)])) {
				const list = this.byKey.get(key) ?? [];
				list.push(v);
				this.byKey.set(key, list);
			}
		}
	}

	/** The village `text` names (a "Thôn" cell). */
	resolve(text: string): VillageMatch {
		const cached = this.cache.get(text);
		if (cached) return cached;
		const found = this.byKey.get(normaliseName(text)) ?? this.byKey.get(villageKey(text)) ?? [];
		const match = this.settle(found, text);
		if (this.cache.size < 10_000) this.cache.set(text, match);
		return match;
	}

	/**
	 * The village an address names ("Thôn Đông Sơn, xã Hà Bình"): the one village whose name
	 * appears in it as whole words; the longest name wins when one name contains another.
	 */
	resolveAddress(text: string): VillageMatch {
		const address = ` ${normaliseName(text).replace(/\b0+(\d)/g, '$1')} `;
		let best: VillageUnit[] = [];
		let bestLength = 0;
		for (const v of this.villages) {
			const key = villageKey(v.name);
			if (!key || !address.includes(` ${key} `)) continue;
			if (key.length > bestLength) [best, bestLength] = [[v], key.length];
			else if (key.length === bestLength) best.push(v);
		}
		return this.settle(best, text);
	}

	private settle(found: VillageUnit[], text: string): VillageMatch {
		const current = [...new Set(found.map((v) => this.successorOf(v)))];
		if (current.length === 1 && current[0]) return { ok: true, village: current[0] };
		if (current.length > 1) return { ok: false, key: 'householdImport.row.villageAmbiguous', params: { village: text } };
		if (found.length) return { ok: false, key: 'householdImport.row.villageGone', params: { village: text } };
		return { ok: false, key: 'householdImport.row.villageUnknown', params: { village: text } };
	}

	/** The active village a village lives on as (itself, or what it was merged into), or null. */
	private successorOf(village: VillageUnit): VillageUnit | null {
		let v: VillageUnit | undefined = village;
		for (let steps = 0; v && steps < 20; steps++) {
			if (v.validTo === null && v.successorId === null) return v;
			v = v.successorId ? this.byId.get(v.successorId) : undefined;
		}
		return null;
	}
}
