import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, pgliteExtensions } from '../db/client';
import { processAlive } from '../db/pglite-lock';

/**
 * Once per test run, before the test processes start: a migrated PGlite data directory saved as a
 * tarball (each test database loads it instead of running the migrations again), and on PostgreSQL
 * one migrated template database that every test database copies. Both go away at the end; test
 * databases left by a crashed run are dropped at the start of the next.
 */
export default async function setup() {
	const migrationsDir = path.resolve('drizzle');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-test-tpl-'));
	const client = await PGlite.create({ extensions: pgliteExtensions });
	const database = await openDatabase({ pglite: client });
	await database.migrate(migrationsDir);
	const dump = await client.dumpDataDir('none');
	const file = path.join(dir, 'template.tar');
	fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
	await client.close();
	process.env.LANTOA_TEST_PGLITE_DUMP = file;

	const url = process.env.TEST_DATABASE_URL;
	let template: string | null = null;
	if (url) {
		template = `lantoa_tpl_${process.pid}_${Date.now().toString(36)}`;
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		const stale = await admin.query<{ datname: string }>(
			"SELECT datname FROM pg_database WHERE datname LIKE 'lantoa\\_tpl\\_%' OR datname LIKE 'lantoa\\_t\\_%'"
		);
		// Only databases of test processes that are gone: another run on this machine may be using its own.
		for (const { datname } of stale.rows) {
			const pid = Number(datname.split('_')[2]);
			if (pid && processAlive(pid)) continue;
			await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
		}
		await admin.query(`CREATE DATABASE ${template}`);
		await admin.end();
		const u = new URL(url);
		u.pathname = '/' + template;
		const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 2 });
		await db.migrate(migrationsDir);
		await db.close();
		process.env.LANTOA_TEST_PG_TEMPLATE = template;
	}

	return async () => {
		fs.rmSync(dir, { recursive: true, force: true });
		if (url && template) {
			const admin = new pg.Client({ connectionString: url });
			await admin.connect();
			await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
			await admin.end();
		}
	};
}

