import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { tBoth } from '../lib/i18n';
import { zodDetails } from '../lib/server/api/errors';
import { invalid } from '../lib/server/errors';
import { PlanDocument } from '../lib/server/modules/plans/plans.interchange';
import { parsePlanFile } from '../lib/server/modules/plans/import';
import { renderPlanDocx, renderPlanHtmlPage, renderPlanPdf } from '../lib/server/modules/plans/document';

/** The largest input file read, as for uploads. */
const MAX_INPUT_MB = 10;
const outputFormats = ['.docx', '.pdf', '.html'] as const;
type OutputFormat = (typeof outputFormats)[number];

/**
 * `lantoa plans render INPUT --out FILE`: a plan from an interchange JSON file, or from any file
 * the importer reads (.txt, .md, .docx), straight to a Decree 30 document (.docx, .pdf or .html by
 * the extension of FILE). It stores nothing and opens no database: the quick way to bring an old
 * plan into the proper layout.
 */
export function registerPlanRenderCommand(plans: Command) {
	plans
		.command('render')
		.description('Trình bày kế hoạch thành văn bản theo Nghị định 30, không lưu gì / render a plan as an official document, storing nothing')
		.argument('<input>', 'tệp JSON định dạng trao đổi, hoặc kế hoạch .txt, .md, .docx / interchange JSON, or a plan as .txt, .md, .docx')
		.requiredOption('--out <file>', 'tệp kết quả .docx, .pdf hoặc .html / output file .docx, .pdf or .html')
		.action(async (input: string, opts: { out: string }) => {
			const format = path.extname(opts.out).toLowerCase() as OutputFormat;
			if (!outputFormats.includes(format)) throw invalid('document.outputType', { file: opts.out });
			const plan = await readPlan(input);
			const bytes = format === '.docx' ? await renderPlanDocx(plan) : format === '.pdf' ? await renderPlanPdf(plan) : Buffer.from(renderPlanHtmlPage(plan), 'utf8');
			await fs.writeFile(opts.out, bytes);
			if (plan.warnings.length) for (const w of plan.warnings) process.stderr.write(`! ${w.line ? `dòng/line ${w.line}: ` : ''}${w.message}\n`);
			process.stderr.write(tBoth('document.written', { file: opts.out, bytes: bytes.length }) + '\n');
		});
}

/** Reads and validates the input; every way it can be wrong is a bilingual AppError (exit 2). */
export async function readPlan(file: string): Promise<PlanDocument> {
	const stat = await fs.stat(file).catch((err: NodeJS.ErrnoException) => {
		throw err.code === 'ENOENT' ? invalid('document.inputMissing', { file }) : invalid('document.inputUnreadable', { file, reason: err.code ?? err.message });
	});
	if (!stat.isFile()) throw invalid('document.inputUnreadable', { file, reason: 'not a file' });
	if (stat.size > MAX_INPUT_MB * 1024 * 1024) throw invalid('document.inputTooLarge', { file, max: MAX_INPUT_MB });
	if (stat.size === 0) throw invalid('document.inputEmpty', { file });
	const bytes = await fs.readFile(file);
	// Anything but JSON goes to the importer, which tells .docx from text by the bytes and refuses the rest.
	if (path.extname(file).toLowerCase() !== '.json') return parsePlanFile(bytes, path.basename(file));
	let json: unknown;
	try {
		json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
	} catch (err) {
		throw invalid('document.inputJson', { file, reason: (err as Error).message });
	}
	const parsed = PlanDocument.safeParse(json);
	if (!parsed.success) throw invalid('document.inputInvalid', { file }, zodDetails(parsed.error, 'vi'));
	return parsed.data;
}
