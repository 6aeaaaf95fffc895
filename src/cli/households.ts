import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../lib/server/access/actor';
import { invalid } from '../lib/server/errors';
import { isLocale, t, type Locale } from '../lib/i18n';
import { importHouseholds, type ImportProgress } from '../lib/server/modules/households/import/import.service';
import { rejectedRowsFile } from '../lib/server/modules/households/import/import.rejected';
import { writeSampleList } from '../lib/server/modules/households/import/import.sample';
import { selectVillagesUnder } from '../lib/server/modules/households/import/import.repository';
import { selectUnitByCode } from '../lib/server/modules/units/units.repository';
import { withRuntime } from './runtime';

interface ImportOptions {
	unit: string;
	year?: string;
	dryRun: boolean;
	json: boolean;
	rejected?: string;
	lang: string;
	batch: string;
}

interface GenerateOptions {
	unit: string;
	count: string;
	format: string;
	seed: string;
}

/** The command line reads files of any size it is given, streaming them; uploads keep their 10 MB limit. */
const CLI_MAX_BYTES = 1024 * 1024 * 1024;
const CLI_MAX_ROWS = 2_000_000;

const integer = (value: string | undefined, name: string, min: number, max: number): number | undefined => {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < min || n > max) throw invalid('error.validation', {}, [{ path: name, message: `${min}–${max}` }]);
	return n;
};

/** `lantoa households …`: import a commune's household list; make a sample list to try it with. */
export function registerHouseholdCommands(program: Command) {
	const households = program.command('households').description('Sổ hộ nghèo, cận nghèo / household register');

	households
		.command('import')
		.description(
			'Nhập danh sách hộ từ tệp XLSX/CSV như xã đang lưu; mã thoát 0 = không dòng lỗi, 1 = có dòng bị từ chối, 2 = tệp bị từ chối / import a household list (exit 0: no rejected rows, 1: some rows rejected, 2: file refused)'
		)
		.argument('<file>', 'tệp .xlsx hoặc .csv / a .xlsx or .csv file')
		.requiredOption('--unit <code>', 'mã xã (cột Thôn chọn thôn) hoặc mã thôn / commune code (the Thôn column picks the village) or village code')
		.option('--year <yyyy>', 'năm phân loại (mặc định năm nay) / year of the classification (default this year)')
		.option('--dry-run', 'chỉ kiểm tra và đếm, không lưu gì / check and count, store nothing', false)
		.option('--json', 'chỉ in kết quả JSON ra stdout / print only the JSON summary on stdout', false)
		.option('--rejected <file.xlsx>', 'ghi các dòng bị từ chối kèm lý do / write the rejected rows with a reason column')
		.option('--lang <vi|en>', 'ngôn ngữ của thông báo / language of the messages', 'vi')
		.option('--batch <rows>', 'số dòng mỗi phần ghi vào sổ / rows per piece written to the register', '5000')
		.action(async (file: string, opts: ImportOptions) => {
			const locale: Locale = isLocale(opts.lang) ? opts.lang : 'vi';
			if (!fs.existsSync(file)) throw invalid('error.notFound', {}, [{ message: file }]);
			const year = integer(opts.year, '--year', 2000, 2100);
			const batchSize = integer(opts.batch, '--batch', 100, 50_000);
			const say = (line: string) => process.stderr.write(line + '\n');
			say(t(locale, 'householdImport.cli.reading', { file }));
			const progress = progressPrinter(locale, say);
			await withRuntime(async (rt) => {
				const outcome = await importHouseholds({ db: rt.database.db, actor: systemActor }, { path: file }, {
					unitCode: opts.unit,
					year,
					dryRun: opts.dryRun,
					fileName: path.basename(file),
					locale,
					maxBytes: CLI_MAX_BYTES,
					maxRows: CLI_MAX_ROWS,
					batchSize,
					onProgress: progress
				});
				const { summary, rejected, timings } = outcome;
				if (opts.rejected && rejected.rows.length) {
					fs.writeFileSync(opts.rejected, (await rejectedRowsFile(rejected, summary.errors, locale)).body);
					say(t(locale, 'householdImport.cli.rejectedSaved', { file: opts.rejected }));
				}
				if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
				else {
					for (const e of summary.errors) say(`  ${t(locale, 'householdImport.row')} ${e.row} [${e.column}] ${e.message}`);
				}
				const rejectedCount = new Set(summary.errors.map((e) => e.row)).size;
				say(t(locale, opts.dryRun ? 'householdImport.summaryDryRun' : 'householdImport.summary', { ...summary, errors: rejectedCount }));
				say(t(locale, 'householdImport.cli.timing', { read: (timings.readMs / 1000).toFixed(1), write: (timings.writeMs / 1000).toFixed(1) }));
				if (rejectedCount) process.exitCode = 1;
			});
		});

	households
		.command('generate')
		.description('Tạo một danh sách hộ mẫu (dữ liệu bịa) cho các thôn của một xã, để thử nhập / write a made-up household list for a commune’s villages')
		.argument('<file>', 'tệp ghi ra (.xlsx hoặc .csv) / output file')
		.requiredOption('--unit <code>', 'mã xã / commune code')
		.option('--count <n>', 'số hộ / number of households', '1000')
		.option('--format <xlsx|csv>', 'định dạng (mặc định theo đuôi tệp) / format (default from the extension)', '')
		.option('--seed <n>', 'hạt giống ngẫu nhiên / random seed', '1')
		.action(async (file: string, opts: GenerateOptions) => {
			const rows = integer(opts.count, '--count', 1, 2_000_000)!;
			const seed = integer(opts.seed, '--seed', 0, 2 ** 31)!;
			const format = opts.format || (file.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
			if (format !== 'csv' && format !== 'xlsx') throw invalid('error.validation', {}, [{ path: '--format', message: 'xlsx | csv' }]);
			await withRuntime(async (rt) => {
				const unit = await selectUnitByCode(rt.database.db, opts.unit);
				if (!unit) throw invalid('unit.notFound', { code: opts.unit });
				const villages = (await selectVillagesUnder(rt.database.db, unit.unit.path)).filter((v) => v.validTo === null && v.successorId === null);
				if (!villages.length) throw invalid('unit.notFound', { code: `${opts.unit} › thôn` });
				// Lists write the village without its "Thôn": the import finds it either way.
				const names = villages.map((v) => v.name.replace(/^(Thôn|Bản|Buôn|Ấp|Xóm|Tổ dân phố|Khu phố)\s+/iu, ''));
				await writeSampleList(file, { rows, villages: names, format, seed, commune: unit.unit.name });
				process.stderr.write(t('vi', 'householdImport.cli.generated', { file, rows, villages: villages.length }) + '\n');
			});
		});
}

/** Progress on stderr: the read count, then the written share about every tenth of the way. */
function progressPrinter(locale: Locale, say: (line: string) => void) {
	let started = Date.now();
	let lastDecile = -1;
	let lastTenThousand = -1;
	let phase: ImportProgress['phase'] = 'reading';
	return (p: ImportProgress) => {
		if (p.phase === 'writing' && phase === 'reading') {
			say(t(locale, 'householdImport.cli.read', { rows: p.rowsRead, seconds: ((Date.now() - started) / 1000).toFixed(1) }));
			started = Date.now();
		}
		phase = p.phase;
		// On PostgreSQL rows are written while the file is read: told at the first piece, then every 10,000.
		if (p.phase === 'reading' && p.rowsWritten > 0 && Math.floor(p.rowsWritten / 10_000) > lastTenThousand) {
			lastTenThousand = Math.floor(p.rowsWritten / 10_000);
			say(t(locale, 'householdImport.cli.writingWhileReading', { written: p.rowsWritten }));
		}
		if (p.phase !== 'writing' || !p.rowsTotal) return;
		const decile = Math.floor((10 * p.rowsWritten) / p.rowsTotal);
		if (decile > lastDecile && p.rowsWritten > 0) {
			lastDecile = decile;
			say(t(locale, 'householdImport.cli.writing', { written: p.rowsWritten, total: p.rowsTotal }));
		}
	};
}
