import type { Command } from 'commander';
import { AppError, invalid } from '../lib/server/errors';
import { GENERATE_LIMITS, generateProvince } from '../lib/server/seed/generate';
import { withRuntime } from './runtime';

interface DemoGenerateOptions {
	villages: string;
	households: string;
	activities: string;
	seed: string;
	year?: string;
	replace: boolean;
	accounts: boolean;
	json: boolean;
}

const integer = (value: string, name: string, [min, max]: readonly [number, number]): number => {
	const n = Number(value);
	if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw invalid('error.validation', {}, [{ path: name, message: `${min}–${max}` }]);
	return n;
};

/** `lantoa demo generate`: a made-up province at real scale, for trying Lan Tỏa and for the benchmarks. */
export function registerDemoCommands(program: Command) {
	const demo = program.command('demo').description('Dữ liệu mẫu / demo data');
	demo
		.command('generate')
		.description(
			'Sinh một tỉnh mẫu cỡ thật (mã G…): thôn, hộ và phân loại hộ, hoạt động truyền thông năm năm và hộ được tiếp cận; dữ liệu bịa / generate a made-up province at real scale (codes G…): villages, households and their categories, five years of communication activities and the households they reached'
		)
		.option('--villages <n>', 'số thôn (10 thôn một xã) / villages (10 per commune)', '1000')
		.option('--households <n>', 'số hộ / households', '200000')
		.option('--activities <n>', 'số hoạt động / activities', '2000000')
		.option('--seed <n>', 'hạt giống ngẫu nhiên / random seed', '1')
		.option('--year <yyyy>', 'năm cuối của năm năm hoạt động (mặc định năm nay) / the last of the five years (default this year)')
		.option('--replace', 'xóa tỉnh mẫu đã sinh trước rồi sinh lại / remove the province generated before and generate again', false)
		.option('--accounts', 'tạo tài khoản mau.tinh, mau.xa, mau.thon (mật khẩu lantoa-demo) / make accounts mau.tinh, mau.xa, mau.thon (password lantoa-demo)', false)
		.option('--json', 'in kết quả JSON ra stdout / print the summary as JSON on stdout', false)
		.action(async (opts: DemoGenerateOptions) => {
			const villages = integer(opts.villages, '--villages', GENERATE_LIMITS.villages);
			const households = integer(opts.households, '--households', GENERATE_LIMITS.households);
			const activities = integer(opts.activities, '--activities', GENERATE_LIMITS.activities);
			const seed = integer(opts.seed, '--seed', GENERATE_LIMITS.seed);
			const year = opts.year === undefined ? undefined : integer(opts.year, '--year', [2000, 2100]);
			const started = Date.now();
			const say = (line: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
			await withRuntime(async (rt) => {
				say(`${rt.database.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${rt.config.dataDir})`}`);
				const summary = await generateProvince(rt.database.db, { villages, households, activities, seed, year, replace: opts.replace, accounts: opts.accounts, onProgress: say }).catch(
					(err: unknown) => {
						if (err instanceof AppError && err.code === 'CONFLICT' && !opts.replace)
							say('Tỉnh mẫu đã được sinh trong cơ sở dữ liệu này; thêm --replace để sinh lại. / The sample province is already in this database; add --replace to generate it again.');
						throw err;
					}
				);
				if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
				say(
					`Xong / done: ${summary.communes} xã / communes, ${summary.villages} thôn / villages, ${summary.households} hộ / households, ` +
						`${summary.activities} hoạt động / activities (${summary.years.join('–')}), ${summary.activityHouseholds} lượt hộ được tiếp cận / household links, ` +
						`${summary.activityCounts} dòng số người theo nhóm / count rows; ${summary.seconds} s`
				);
				if (summary.accounts.length) say(`Tài khoản / accounts: ${summary.accounts.join(', ')} (lantoa-demo)`);
			});
		});
}
