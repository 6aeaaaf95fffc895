import { describe, expect, it } from 'vitest';
import { renderPlanDocx } from '../document';
import { parsePlanFile } from './index';
import { bodyTexts, outline, readSeed, seedPath } from './testing';

// Import a seed, export it as a Decree 30 DOCX, import that DOCX again: the second import reads
// back the same plan. This reads the renderer's real output (header and signature tables, bold
// headings, typed marks) with the .docx reader; document/round-trip.test.ts checks the DOCX text.

describe.each(['000', '002'])('seed %s → DOCX → import', async (prefix) => {
	const first = await parsePlanFile(readSeed(prefix), seedPath(prefix));
	const docx = await renderPlanDocx(first);
	const second = await parsePlanFile(docx, 'plan.docx');

	it('keeps every heading and item, in the same tree and order', () => {
		expect(outline(second.sections)).toEqual(outline(first.sections));
		expect(bodyTexts(second)).toEqual(bodyTexts(first));
	});

	it('keeps the header, bases, recipients, signer and what was recognised', () => {
		const fields = ['issuer', 'parentIssuer', 'number', 'symbol', 'place', 'date', 'documentType', 'title', 'period', 'preamble', 'closing', 'recipients', 'signer', 'channels', 'audiences', 'fundingSources', 'tasks'] as const;
		for (const field of fields) expect(second[field], field).toEqual(first[field]);
		const reference = ({ type, number, date, issuer, title }: (typeof first.bases)[number]) => ({ type, number, date, issuer, title });
		expect(second.bases.map(reference)).toEqual(first.bases.map(reference));
		// The exported document has a full header block now: nothing left to guess or warn about.
		expect(second.warnings).toEqual([]);
	});
});
