import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { systemActor } from '../lib/server/access/actor';
import { isRole } from '../lib/server/access/roles';
import { verifyAuditChain } from '../lib/server/audit/audit.service';
import { invalid } from '../lib/server/errors';
import { t, tBoth } from '../lib/i18n';
import { seedDemo } from '../lib/server/seed/demo';
import { printDemoLogins } from '../lib/server/runtime';
import { createUser } from '../lib/server/modules/users/users.service';
import { UserCreateInput } from '../lib/server/modules/users/users.schemas';
import { users } from '../lib/server/modules/users/users.tables';
import { withRuntime } from './runtime';
import { log } from '../lib/server/log';

export function registerCoreCommands(program: Command) {
	program
		.command('migrate')
		.description('Tạo hoặc nâng cấp cơ sở dữ liệu / create or migrate the database')
		.action(async () => {
			await withRuntime(async (rt) => {
				process.stderr.write(`OK: ${rt.database.kind} ${rt.config.databaseUrl ? '' : rt.config.dataDir}\n`);
			});
		});

	program
		.command('seed')
		.description('Nạp dữ liệu mẫu vào cơ sở dữ liệu trống / load demo data into an empty database')
		.option('--demo', 'dữ liệu mẫu / demo data', false)
		.action(async (opts: { demo: boolean }) => {
			if (!opts.demo) throw invalid('error.validation', {}, [{ message: 'lantoa seed --demo' }]);
			await withRuntime(async (rt) => {
				const [{ n }] = await rt.database.db.select({ n: sql<number>`count(*)::int` }).from(users);
				if (n > 0) {
					process.stderr.write('Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu mẫu. / The database is not empty; demo data not loaded.\n');
					process.exitCode = 1;
					return;
				}
				await seedDemo(rt.database.db);
				await printDemoLogins();
			});
		});

	const usersCmd = program.command('users').description('Tài khoản / accounts');
	usersCmd
		.command('create')
		.description('Tạo tài khoản / create an account')
		.requiredOption('--username <name>')
		.requiredOption('--name <display name>')
		.option('--password <password>', 'hoặc biến môi trường / or env LANTOA_PASSWORD')
		.option('--role <role@unit...>', 'vai trò@mã đơn vị, vd. commune_officer@16108; admin không cần đơn vị', [])
		.option('--locale <vi|en>', 'ngôn ngữ / language', 'vi')
		.action(async (opts: { username: string; name: string; password?: string; role: string[]; locale: string }) => {
			const roles = opts.role.map((r) => {
				const [role, unitCode] = r.split('@');
				if (!isRole(role)) throw invalid('user.roleUnknown', { role });
				return { role, unitCode: unitCode || null };
			});
			const input = UserCreateInput.parse({
				username: opts.username,
				displayName: opts.name,
				password: opts.password ?? process.env.LANTOA_PASSWORD ?? '',
				locale: opts.locale,
				roles
			});
			await withRuntime(async (rt) => {
				const user = await createUser({ db: rt.database.db, actor: systemActor }, input);
				process.stdout.write(JSON.stringify(user, null, 2) + '\n');
			});
		});

	const auditCmd = program.command('audit').description('Nhật ký kiểm toán / audit trail');
	auditCmd
		.command('verify')
		.description('Kiểm tra chuỗi băm / verify the hash chain')
		.option('--json', 'chỉ in JSON / print only JSON', false)
		.action(async (opts: { json: boolean }) => {
			await withRuntime(async (rt) => {
				const result = await verifyAuditChain(rt.database.db);
				if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
				else if (result.ok) process.stdout.write(tBoth('audit.verifyOk', { count: result.count }) + '\n');
				else process.stdout.write(`${t('vi', 'audit.verifyBroken', { seq: result.brokenAt!, reason: result.reason! })}\n`);
				if (!result.ok) process.exitCode = 3;
			});
		});

	program
		.command('worker')
		.description('Chạy các công việc nền / run background jobs (PostgreSQL)')
		.action(async () => {
			if (!process.env.DATABASE_URL) {
				process.stderr.write(
					'Tiến trình worker riêng cần PostgreSQL (DATABASE_URL); với cơ sở dữ liệu nhúng, máy chủ tự chạy công việc nền. / A separate worker needs PostgreSQL (DATABASE_URL); with the embedded database the server runs jobs itself.\n'
				);
				process.exitCode = 2;
				return;
			}
			await withRuntime(async () => {
				log.info('worker running');
				await new Promise<void>((resolve) => {
					process.once('SIGINT', resolve);
					process.once('SIGTERM', resolve);
				});
			}, 'worker');
		});

	program
		.command('serve')
		.description('Chạy máy chủ web (sau `npm run build`) / run the web server (after `npm run build`)');
}
