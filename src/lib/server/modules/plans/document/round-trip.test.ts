import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { paragraphs, readZipEntry } from '../../../documents/testing';
import { parsePlanFile } from '../import';
import { renderPlanDocx } from './index';
import { printedLines } from './testing';

// The round trip of issue 3: import each seed as it is, export the DOCX, and find every heading
// and item of the seed in the DOCX, in the same order, each as a paragraph of its own.

/** The seeds beside the repository (`/work/shared/seeds` for `/work/main`): the specification. */
const seedsDir = path.resolve(process.env.LANTOA_ROOT ?? '.', '..', 'shared', 'seeds');
const seeds = fs.existsSync(seedsDir) ? fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')) : [];

describe('import a seed, export DOCX', () => {
	it('finds the seeds', () => expect(seeds.length).toBeGreaterThanOrEqual(2));

	it.each(seeds)('%s: every heading and item, in order', async (name) => {
		const plan = await parsePlanFile(fs.readFileSync(path.join(seedsDir, name)), name);
		const texts = paragraphs(readZipEntry(await renderPlanDocx(plan), 'word/document.xml')).map((p) => p.text);
		const expected = printedLines(plan);
		expect(expected.length).toBeGreaterThan(30);
		let at = 0;
		for (const line of expected) {
			const found = texts.indexOf(line.normalize('NFC'), at);
			expect(found, line.slice(0, 80)).toBeGreaterThanOrEqual(at);
			at = found + 1;
		}
	});
});
