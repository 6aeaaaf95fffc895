import { Document, Packer, Paragraph } from 'docx';
import type { TimingCase } from '../lib/timing';
import type { OfficialDocument } from '../../src/lib/server/documents/model';
import { docxToPdf } from '../../src/lib/server/documents/pdf';
import { loadSeedPlan } from '../../src/lib/server/modules/plans/document/fixtures';
import { planToOfficialDocument, renderPlanDocx, renderPlanHtml, renderPlanPdf } from '../../src/lib/server/modules/plans/document';

/** Every text of the document in reading order, as plain strings: the content without the layout. */
function plainTexts(doc: OfficialDocument): string[] {
	const body = doc.body.flatMap((b) =>
		b.kind === 'heading'
			? [`${b.number ?? ''} ${b.text}`]
			: b.kind === 'paragraph'
				? [`${b.marker ?? ''} ${typeof b.text === 'string' ? b.text : b.text.map((s) => s.text).join('')}`]
				: [b.caption ?? '', b.header.join('\t'), ...b.rows.map((r) => r.join('\t'))]
	);
	const signer = doc.signer ? [doc.signer.authority ?? '', doc.signer.title, doc.signer.name ?? ''] : [];
	return [doc.parentIssuer ?? '', ...doc.issuer, doc.documentType ?? '', doc.title, ...body, ...doc.recipients, ...signer];
}

/** A Word file of the same paragraphs with docx's defaults: no fonts, sizes, tables, rules or headers. */
const unstyledDocx = (texts: string[]) => Packer.toBuffer(new Document({ sections: [{ children: texts.map((t) => new Paragraph(t)) }] }));

const plan = () => loadSeedPlan('ha-binh-2021-2025');
const describePlan = () => {
	const doc = planToOfficialDocument(plan());
	return `the Hà Bình seed plan, ${doc.body.length} body paragraphs, ${plainTexts(doc).join('\n').length.toLocaleString('en-US')} characters`;
};

/** Official documents: the plan's DOCX (target p50 under 150 ms), its HTML preview, and its PDF. */
export const documentTimings: TimingCase[] = [
	{
		id: 'plan-docx',
		title: `DOCX of a seed-sized plan (${describePlan()})`,
		async prepare() {
			const p = plan();
			const texts = plainTexts(planToOfficialDocument(p));
			return [
				{ label: 'app: renderPlanDocx (Decree 30 layout)', run: async () => (await renderPlanDocx(p)).length },
				{ label: 'baseline: docx Packer, same paragraphs, no styling', run: async () => (await unstyledDocx(texts)).length },
				{ label: 'baseline: same text joined into one string', run: () => Buffer.byteLength(texts.join('\n')) }
			];
		}
	},
	{
		id: 'plan-html',
		title: 'HTML preview of the same plan',
		async prepare() {
			const p = plan();
			const texts = plainTexts(planToOfficialDocument(p));
			return [
				{ label: 'app: renderPlanHtml (escaped fragment + style)', run: () => Buffer.byteLength(renderPlanHtml(p)) },
				{ label: 'baseline: same text joined into one string', run: () => Buffer.byteLength(texts.join('\n')) }
			];
		}
	},
	{
		id: 'plan-pdf',
		title: 'PDF of the same plan (its DOCX converted by LibreOffice, one conversion at a time)',
		async prepare() {
			const p = plan();
			const empty = await unstyledDocx([]);
			return [
				{ label: 'app: renderPlanPdf', samples: 3, warmup: 1, run: async () => (await renderPlanPdf(p)).length },
				{ label: 'baseline: LibreOffice converting an empty DOCX', samples: 3, warmup: 1, run: async () => (await docxToPdf(empty)).length }
			];
		}
	}
];
