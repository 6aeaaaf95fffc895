import type { TimingCase } from '../lib/timing';
import { renderPlanDocx } from '../../src/lib/server/modules/plans/document';
import { parsePlanFile } from '../../src/lib/server/modules/plans/import';
import { readZipPart } from '../../src/lib/server/modules/plans/import/docx';
import { readSeed } from '../../src/lib/server/modules/plans/import/testing';

/**
 * Import of existing plans: the time to read each seed plan into the interchange format, beside
 * the floor for touching the same bytes: decode them, split the text into lines and run one
 * regular expression over each line (for a .docx: inflate word/document.xml and strip its tags
 * with one regular expression).
 */

const MARKS = /^\s*(?:[IVX]+\.|\d{1,2}\.|[a-zđ]\)|[-+•])/u;

/** Decode, split into lines, one regex per line; returns the bytes of the lines it matched. */
function linesAndOneRegex(bytes: Uint8Array): number {
	let matched = 0;
	for (const line of new TextDecoder().decode(bytes).split(/\r?\n/)) if (MARKS.test(line)) matched += line.length;
	return matched;
}

const size = (bytes: Uint8Array) => `${(bytes.byteLength / 1024).toFixed(1)} KB`;
const lineCount = (bytes: Uint8Array) => new TextDecoder().decode(bytes).split('\n').length;

function seedCase(id: string, prefix: string, what: string): TimingCase {
	const bytes = readSeed(prefix);
	return {
		id,
		title: `Import of the ${what} (${size(bytes)}, ${lineCount(bytes)} lines) into the interchange format`,
		async prepare() {
			return [
				{ label: 'app: parsePlanFile', samples: 500, warmup: 50, run: async () => JSON.stringify(await parsePlanFile(bytes, `${prefix}.txt`)).length },
				{ label: 'baseline: decode, split into lines, one regex per line', samples: 500, warmup: 50, run: () => linesAndOneRegex(bytes) }
			];
		}
	};
}

export const planImportTimings: TimingCase[] = [
	seedCase('plan-import-ha-binh', '000', 'Hà Bình seed (Markdown, one line per paragraph)'),
	seedCase('plan-import-da-quyn', '002', 'Đa Quyn seed (text from a PDF, hard line breaks)'),
	{
		id: 'plan-import-docx',
		title: 'Import of the Hà Bình plan as a Decree 30 .docx (the renderer’s output)',
		async prepare() {
			const plan = await parsePlanFile(readSeed('000'), '000.txt');
			const docx = await renderPlanDocx(plan);
			return [
				{ label: 'app: parsePlanFile (.docx)', samples: 300, warmup: 30, run: async () => JSON.stringify(await parsePlanFile(docx, 'plan.docx')).length },
				{
					label: 'baseline: inflate word/document.xml, strip tags with one regex',
					samples: 300,
					warmup: 30,
					run: () => (readZipPart(docx, 'word/document.xml') ?? '').replace(/<[^>]*>/g, '').length
				}
			];
		}
	}
];
