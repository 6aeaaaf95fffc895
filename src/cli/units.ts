import fs from 'node:fs';
import type { Command } from 'commander';
import { systemActor } from '../lib/server/access/actor';
import { AppError, invalid } from '../lib/server/errors';
import { isLocale, t, type Locale } from '../lib/i18n';
import { importUnits } from '../lib/server/modules/units/units.import';
import { exportUnits } from '../lib/server/modules/units/units.export';
import { UnitExportQuery, type UnitImportResult } from '../lib/server/modules/units/units.schemas';
import { withRuntime } from './runtime';

interface ImportOptions {
	skipErrors: boolean;
	json: boolean;
	lang: string;
}

interface ExportOptions {
	format: string;
	root?: string;
	out?: string;
}

/** `lantoa units …`: import and export of the administrative tree, as the system actor. */
export function registerUnitCommands(program: Command) {
	const units = program.command('units').description('Đơn vị hành chính / administrative units');

	units
		.command('import')
		.description('Nhập đơn vị từ tệp CSV/XLSX (code,name,level,parent_code[,valid_from,valid_to,successor_code]) / import units')
		.argument('<file>', 'tệp .csv hoặc .xlsx / a .csv or .xlsx file')
		.option('--skip-errors', 'bỏ qua dòng lỗi, nhập các dòng hợp lệ / skip bad rows, import the valid ones', false)
		.option('--json', 'chỉ in kết quả JSON ra stdout / print only the JSON result on stdout', false)
		.option('--lang <vi|en>', 'ngôn ngữ của thông báo lỗi từng dòng / language of row messages', 'vi')
		.action(async (file: string, opts: ImportOptions) => {
			const locale: Locale = isLocale(opts.lang) ? opts.lang : 'vi';
			if (!fs.existsSync(file)) throw invalid('error.notFound', {}, [{ message: file }]);
			await withRuntime(async (rt) => {
				let result: UnitImportResult;
				let blocked = false;
				try {
					result = await importUnits({ db: rt.database.db, actor: systemActor }, fs.createReadStream(file), {
						skipErrors: opts.skipErrors,
						locale
					});
				} catch (err) {
					// Row errors stop the import; they are the result, not a crash.
					if (!(err instanceof AppError) || err.messageKey !== 'unit.import.hasErrors') throw err;
					blocked = true;
					const errors = err.details.map((d) => ({ row: d.row ?? 0, column: d.column ?? '', message: d.message }));
					result = { rows: Number(err.params.rows), created: 0, updated: 0, unchanged: 0, skipped: 0, errors };
					process.stderr.write(t(locale, err.messageKey, err.params) + '\n');
					process.exitCode = 1;
				}
				if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
				else printImport(result, locale, blocked);
			});
		});

	units
		.command('export')
		.description('Xuất đơn vị ra tệp CSV/XLSX / export units')
		.option('--format <csv|xlsx>', 'định dạng / format', 'csv')
		.option('--root <code>', 'chỉ đơn vị này và các đơn vị trực thuộc / only this unit and its subtree')
		.option('--out <file>', 'tệp ghi ra (mặc định stdout) / output file (default stdout)')
		.action(async (opts: ExportOptions) => {
			const query = UnitExportQuery.parse({ format: opts.format, root: opts.root });
			await withRuntime(async (rt) => {
				const file = await exportUnits({ db: rt.database.db, actor: systemActor }, query);
				if (opts.out) {
					fs.writeFileSync(opts.out, file.body);
					process.stderr.write(`OK: ${opts.out} (${file.body.byteLength} bytes)\n`);
				} else {
					await new Promise<void>((resolve, reject) => process.stdout.write(file.body, (err) => (err ? reject(err) : resolve())));
				}
			});
		});
}

/** People read the outcome on stderr, so stdout stays clean for pipes. */
function printImport(result: UnitImportResult, locale: Locale, blocked: boolean) {
	const lines = result.errors.map((e) => `  ${t(locale, 'units.importLine', { row: e.row })} [${e.column}] ${e.message}`);
	if (lines.length) process.stderr.write(lines.join('\n') + '\n');
	const { rows, created, updated, unchanged, skipped } = result;
	if (!blocked) process.stderr.write(t(locale, 'units.importDone', { rows, created, updated, unchanged, skipped }) + '\n');
}
