import fs from 'node:fs';
import path from 'node:path';
import type { PlanDocument, PlanItem, PlanSection } from '../plans.interchange';

// Helpers of the import tests and the benchmark: the two seed plans, and a plan's outline.

/** The seeds folder beside the repository (`/work/shared/seeds` for `/work/main`). */
export const seedsDir = path.resolve(process.env.LANTOA_ROOT ?? '.', '..', 'shared', 'seeds');

/** The path of the seed whose name starts with `prefix` ("000", "002"). */
export function seedPath(prefix: string): string {
	const name = fs.readdirSync(seedsDir).find((f) => f.startsWith(prefix));
	if (!name) throw new Error(`no seed ${prefix}* in ${seedsDir}`);
	return path.join(seedsDir, name);
}

export const readSeed = (prefix: string) => fs.readFileSync(seedPath(prefix));

/** One line per section: number, heading, kind, then the mark count of its items ("3×-", "a)+4×-"). */
export function outline(sections: PlanSection[], depth = 0): string[] {
	const out: string[] = [];
	for (const s of sections) {
		const items = s.items.map((i) => (i.items.length ? `${i.marker ?? '¶'}+${i.items.length}` : (i.marker ?? '¶'))).join(' ');
		out.push(`${'  '.repeat(depth)}${s.number ?? '·'} ${s.heading} [${s.kind}] ${items}`.trimEnd());
		out.push(...outline(s.sections, depth + 1));
	}
	return out;
}

/** Every heading and item text of the plan in document order (the order a rendering must keep). */
export function bodyTexts(doc: PlanDocument): string[] {
	const out: string[] = [];
	const items = (list: PlanItem[]) => {
		for (const i of list) {
			out.push(i.text);
			items(i.items);
		}
	};
	const walk = (list: PlanSection[]) => {
		for (const s of list) {
			if (s.heading) out.push(s.heading);
			items(s.items);
			walk(s.sections);
		}
	};
	walk(doc.sections);
	return out;
}

/** Words (letters and digits), lower case, NFC, with their counts. */
export function wordCounts(text: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const w of text.normalize('NFC').toLocaleLowerCase('vi').match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
	return counts;
}
