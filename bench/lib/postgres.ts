import crypto from 'node:crypto';
import pg from 'pg';

export interface BenchDatabase {
	/** URL of the fresh database. */
	url: string;
	name: string;
	/** e.g. `PostgreSQL 15.18`. */
	version: string;
	drop(): Promise<void>;
}

/** Where a URL points, without its password, for printing. */
export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return '(unparsable URL)';
	}
}

const PREFIX = 'lantoa_bench_';

/**
 * Drops databases of earlier runs that were killed before they could clean up: older than an
 * hour (the creation time is in the name) and with nobody connected.
 */
async function dropStale(admin: pg.Client): Promise<void> {
	const { rows } = await admin.query<{ datname: string }>(
		`SELECT datname FROM pg_database d WHERE datname LIKE 'lantoa\\_bench\\_%'
		 AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`
	);
	const hourAgo = Date.now() / 1000 - 3600;
	for (const { datname } of rows) {
		const created = Number(datname.slice(PREFIX.length).split('_')[0]);
		if (Number.isFinite(created) && created > 1e9 && created < hourAgo) await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => {});
	}
}

/**
 * Creates an empty database for one run on the server `adminUrl` points at (its role needs
 * CREATEDB) and returns its URL; `drop()` removes it, closing any connection left open.
 */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
	const name = `${PREFIX}${Math.floor(Date.now() / 1000)}_${crypto.randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	let version = 'PostgreSQL';
	try {
		const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
		version = `PostgreSQL ${rows[0].server_version.split(' ')[0]}`;
		await dropStale(admin);
		await admin.query(`CREATE DATABASE "${name}"`);
	} finally {
		await admin.end();
	}
	const u = new URL(adminUrl);
	u.pathname = '/' + name;
	let dropped = false;
	return {
		url: u.toString(),
		name,
		version,
		async drop() {
			if (dropped) return;
			dropped = true;
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			try {
				await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			} finally {
				await c.end();
			}
		}
	};
}
