import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { tBoth } from '../lib/i18n';
import { systemActor } from '../lib/server/access/actor';
import { AppError } from '../lib/server/errors';
import { assertPlanFileSize, parsePlanFile } from '../lib/server/modules/plans/import';
import type { PlanDocument, PlanItem, PlanSection } from '../lib/server/modules/plans/plans.interchange';
import { createPlan } from '../lib/server/modules/plans/plans.service';
import { withRuntime } from './runtime';

interface ImportOptions {
	dryRun: boolean;
	json: boolean;
	unit?: string;
}

/**
 * `lantoa plans import FILE`: reads a plan written as .docx, .txt or .md into the interchange
 * format. With --dry-run it only shows what was read (--json: the plan as JSON, and nothing else,
 * on standard output); otherwise it stores the plan as a draft of the unit given by --unit and
 * prints the new plan's id. Warnings and messages go to standard error, in both languages.
 */
export function registerPlanImportCommand(plans: Command) {
	plans
		.command('import')
		.description('Nhập kế hoạch từ tệp .docx, .txt hoặc .md / import a plan from a .docx, .txt or .md file')
		.argument('<file>', 'tệp kế hoạch (tối đa 10 MB) / the plan file (at most 10 MB)')
		.option('--dry-run', 'chỉ đọc và in kết quả, không lưu / only read and show the result, store nothing', false)
		.option('--json', 'in kế hoạch dạng JSON trao đổi ra stdout / print the plan as interchange JSON on stdout', false)
		.option('--unit <code>', 'mã đơn vị nhận bản nháp (bắt buộc khi lưu) / code of the unit the draft goes to (required to store)')
		.action(async (file: string, opts: ImportOptions) => {
			// Refuse a store without a unit before reading anything.
			if (!opts.dryRun && !opts.unit) throw new AppError('VALIDATION', 'planImport.unitRequired');
			const plan = await parsePlanFile(await readInput(file), path.basename(file));
			for (const w of plan.warnings) {
				const where = w.line ? ` (dòng/line ${w.line})` : '';
				process.stderr.write(`Cảnh báo / Warning${where}: ${w.message}${w.text ? `: «${w.text.slice(0, 160)}»` : ''}\n`);
			}
			process.stderr.write(tBoth('planImport.summary', summaryOf(plan)) + '\n');
			if (opts.dryRun) {
				await write(opts.json ? JSON.stringify(plan, null, '\t') + '\n' : describePlan(plan));
				return;
			}
			const unit = opts.unit!;
			const stored = await withRuntime((rt) => createPlan({ db: rt.database.db, actor: systemActor }, { unitCode: unit, document: plan }));
			process.stderr.write(tBoth('planImport.stored', { unit, id: stored.id }) + '\n');
			await write(opts.json ? JSON.stringify({ id: stored.id, unit: stored.unit, status: stored.status }) + '\n' : stored.id + '\n');
		});
}

/** The file's bytes; a missing, oversized or unreadable file is a clear message (exit 2), not a stack trace. */
async function readInput(file: string): Promise<Uint8Array> {
	const stat = await fs.stat(file).catch(() => null);
	if (!stat?.isFile()) throw new AppError('VALIDATION', 'planImport.fileNotFound', { file });
	assertPlanFileSize(stat.size);
	return fs.readFile(file);
}

function write(text: string): Promise<void> {
	return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}

function countItems(items: PlanItem[]): number {
	return items.reduce((n, i) => n + 1 + countItems(i.items), 0);
}

function countSections(sections: PlanSection[]): { sections: number; items: number } {
	return sections.reduce(
		(acc, s) => {
			const inner = countSections(s.sections);
			return { sections: acc.sections + 1 + inner.sections, items: acc.items + countItems(s.items) + inner.items };
		},
		{ sections: 0, items: 0 }
	);
}

function summaryOf(plan: PlanDocument) {
	return { title: plan.title, ...countSections(plan.sections), bases: plan.bases.length, warnings: plan.warnings.length };
}

/** What was read, for a person: header, bases, the section tree with item counts, the end. */
function describePlan(plan: PlanDocument): string {
	const lines: string[] = [];
	const reference = `${plan.number ?? '…'}/${plan.symbol}`;
	lines.push(`${plan.documentType}: ${plan.title}`);
	lines.push(`  ${plan.issuer}${plan.parentIssuer ? ` (${plan.parentIssuer})` : ''} · ${reference} · ${[plan.place, plan.date].filter(Boolean).join(', ') || '—'}`);
	if (plan.period) lines.push(`  ${plan.period.from}–${plan.period.to}`);
	for (const b of plan.bases) lines.push(`  ⟶ ${[b.type, b.number, b.date, b.issuer].filter(Boolean).join(' · ')}`);
	const walk = (sections: PlanSection[], depth: number) => {
		for (const s of sections) {
			const count = countItems(s.items);
			lines.push(`${'  '.repeat(depth + 1)}${s.number ? `${s.number}. ` : ''}${s.heading || '…'}${s.kind ? ` [${s.kind}]` : ''}${count ? ` (${count})` : ''}`);
			walk(s.sections, depth + 1);
		}
	};
	walk(plan.sections, 0);
	if (plan.recipients.length) lines.push(`  Nơi nhận / recipients: ${plan.recipients.join('; ')}`);
	if (plan.signer) lines.push(`  ${[plan.signer.authority, plan.signer.title, plan.signer.name].filter(Boolean).join(' / ')}`);
	for (const [label, codes] of [
		['channels', plan.channels],
		['audiences', plan.audiences],
		['funding', plan.fundingSources]
	] as const)
		if (codes.length) lines.push(`  ${label}: ${codes.join(', ')}`);
	if (plan.tasks.length) lines.push(`  tasks: ${plan.tasks.length}`);
	return lines.join('\n') + '\n';
}
