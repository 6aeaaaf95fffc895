import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { today } from '../../periods';
import { readableHolders } from './budget.service';

/** The holders a page offers and the one chosen (?unit=, else the actor's nearest), with the year (?year=, else this year). */
export async function pageScope(ctx: { db: Db; actor: Actor }, url: URL) {
	const holders = await readableHolders(ctx);
	const asked = url.searchParams.get('unit');
	// The highest holder in reach: a commune officer lands on the commune, a province officer on the province.
	const top = [...holders].sort((a, b) => a.path.length - b.path.length)[0];
	const unit = holders.find((h) => h.code === asked)?.code ?? (asked || top?.code || null);
	const y = Number(url.searchParams.get('year'));
	const year = Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(today().slice(0, 4));
	return { holders: holders.map((h) => ({ code: h.code, name: h.name, level: h.level })), unit, year };
}

/** Form text fields (files left out), for refilling a refused form. */
export function textFields(data: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string') out[k] = v;
	return out;
}

/** Uploaded files of a form field that are not empty (a file input sends an empty part when nothing is chosen). */
export async function filesOf(data: FormData, name: string): Promise<{ bytes: Uint8Array; name: string }[]> {
	const out: { bytes: Uint8Array; name: string }[] = [];
	for (const v of data.getAll(name)) {
		if (typeof v === 'string' || v.size === 0) continue;
		out.push({ bytes: new Uint8Array(await v.arrayBuffer()), name: v.name });
	}
	return out;
}
