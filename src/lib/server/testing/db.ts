import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, pgliteExtensions, type Database } from '../db/client';

export type TestDriver = 'pglite' | 'postgres';

const migrationsDir = path.resolve(process.cwd(), 'drizzle');

/** The drivers module tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const testDrivers: TestDriver[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let pgliteTemplate: Promise<PGlite> | undefined;

/**
 * One migrated in-memory PGlite per test process; each test database is a clone (~1 s, not ~3 s).
 * The global setup saves a migrated data directory once per run, so processes load it instead of
 * migrating again.
 */
function template(): Promise<PGlite> {
	pgliteTemplate ??= (async () => {
		const dump = process.env.LANTOA_TEST_PGLITE_DUMP;
		if (dump && fs.existsSync(dump)) {
			const loadDataDir = new Blob([fs.readFileSync(dump)]);
			return PGlite.create({ extensions: pgliteExtensions, loadDataDir });
		}
		const client = await PGlite.create({ extensions: pgliteExtensions });
		const database = await openDatabase({ pglite: client });
		await database.migrate(migrationsDir);
		return client;
	})();
	return pgliteTemplate;
}

let pgTemplateReady: Promise<string> | undefined;

function adminUrl(): string {
	return process.env.TEST_DATABASE_URL!;
}

function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = '/' + name;
	return u.toString();
}

/** A migrated template database on the PostgreSQL server, created once per test process. */
async function pgTemplate(): Promise<string> {
	if (process.env.LANTOA_TEST_PG_TEMPLATE) return process.env.LANTOA_TEST_PG_TEMPLATE;
	pgTemplateReady ??= (async () => {
		const name = `lantoa_tpl_${process.pid}_${Date.now().toString(36)}`;
		const admin = new pg.Client({ connectionString: adminUrl() });
		await admin.connect();
		await admin.query(`CREATE DATABASE ${name}`);
		await admin.end();
		const database = await openDatabase({ databaseUrl: withDatabase(adminUrl(), name), poolSize: 2 });
		await database.migrate(migrationsDir);
		await database.close();
		return name;
	})();
	return pgTemplateReady;
}

const created: string[] = [];

/** A fresh, migrated, empty database of the given driver. Close it with `database.close()`. */
export async function createTestDatabase(driver: TestDriver = 'pglite'): Promise<Database> {
	if (driver === 'pglite') {
		const clone = await (await template()).clone();
		return openDatabase({ pglite: clone as PGlite });
	}
	const tpl = await pgTemplate();
	const name = `lantoa_t_${process.pid}_${created.length}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: adminUrl() });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
	} finally {
		await admin.end();
	}
	created.push(name);
	const database = await openDatabase({ databaseUrl: withDatabase(adminUrl(), name), poolSize: 20 });
	const close = database.close;
	return {
		...database,
		async close() {
			await close();
			const a = new pg.Client({ connectionString: adminUrl() });
			await a.connect();
			await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
			await a.end();
		}
	};
}
