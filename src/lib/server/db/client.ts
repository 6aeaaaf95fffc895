import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
/** A drizzle database or transaction, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** Plain SQL access, used by pg-boss, the benchmarks and the few queries drizzle cannot express. */
export interface SqlExecutor {
	query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Database {
	kind: 'pglite' | 'postgres';
	db: Db;
	sql: SqlExecutor;
	/** Applies pending migrations; safe to call on every start. */
	migrate(migrationsDir: string): Promise<void>;
	close(): Promise<void>;
}

export const pgliteExtensions = { pg_trgm, unaccent };

/** Opens PostgreSQL when `databaseUrl` is set, otherwise the embedded PGlite database in `dataDir` (or memory). */
export async function openDatabase(opts: {
	databaseUrl?: string | null;
	dataDir?: string | null;
	pglite?: PGlite;
	poolSize?: number;
}): Promise<Database> {
	if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
	const client =
		opts.pglite ??
		(await PGlite.create(opts.dataDir ? prepareDataDir(opts.dataDir) : undefined, {
			extensions: pgliteExtensions
		}));
	return wrapPglite(client);
}

function prepareDataDir(dataDir: string): string {
	const dbDir = path.join(dataDir, 'pglite');
	fs.mkdirSync(dbDir, { recursive: true });
	return dbDir;
}

export function wrapPglite(client: PGlite): Database {
	const db = drizzlePglite(client, { schema }) as unknown as Db;
	return {
		kind: 'pglite',
		db,
		sql: {
			async query<T>(text: string, values?: unknown[]) {
				// PGlite's extended protocol takes one statement; several go through exec.
				if (values?.length) return client.query<T>(text, values);
				const results = await client.exec(text);
				return { rows: (results.at(-1)?.rows ?? []) as T[] };
			}
		},
		async migrate(migrationsDir) {
			await migratePglite(db as never, { migrationsFolder: migrationsDir });
		},
		async close() {
			if (!client.closed) await client.close();
		}
	};
}

function openPostgres(url: string, max: number): Database {
	const pool = new pg.Pool({ connectionString: url, max });
	// An idle client that loses its connection must not crash the process.
	pool.on('error', () => {});
	const db = drizzlePg(pool, { schema }) as unknown as Db;
	return {
		kind: 'postgres',
		db,
		sql: {
			async query<T>(text: string, values?: unknown[]) {
				const result = await pool.query(text, values as unknown[]);
				const last = Array.isArray(result) ? result.at(-1) : result;
				return { rows: (last?.rows ?? []) as T[] };
			}
		},
		async migrate(migrationsDir) {
			// One migrator at a time when several processes start together.
			const client = await pool.connect();
			try {
				await client.query('SELECT pg_advisory_lock(7346110)');
				await migratePg(drizzlePg(client, { schema }), { migrationsFolder: migrationsDir });
			} finally {
				await client.query('SELECT pg_advisory_unlock(7346110)').catch(() => {});
				client.release();
			}
		},
		async close() {
			await pool.end();
		}
	};
}
