import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import pg from 'pg';
import { startAppServer, type AppServer } from '../src/lib/server/testing/app-server';
import { apiSignIn } from './support/auth';

/**
 * A killed server loses no acknowledged feedback: submissions go to the public API while the
 * server is killed (SIGKILL, no shutdown); a server started again on the same data finds every
 * item that was answered 201. On the embedded database (PGlite, the default) and, when
 * TEST_DATABASE_URL is set, on PostgreSQL.
 *
 * The submission limit per IP is raised for these servers (LANTOA_FEEDBACK_IP_LIMIT): every
 * request here comes from 127.0.0.1, and the test is about durability, not the limit (which
 * feedback.e2e.ts tests with the production value).
 */

const env = { LANTOA_FEEDBACK_IP_LIMIT: '100000', LANTOA_FEEDBACK_LOOKUP_LIMIT: '100000' };

function start(opts: { dataDir?: string; databaseUrl?: string }): Promise<AppServer> {
	const cwd = process.cwd();
	process.chdir(inject('appRoot'));
	try {
		return startAppServer({ ...opts, env });
	} finally {
		process.chdir(cwd);
	}
}

const running: AppServer[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const s of running) await s.stop().catch(() => {});
	for (const c of cleanups) await c();
});

async function submitUntilKilled(server: AppServer) {
	const acknowledged: string[] = [];
	let attempted = 0;
	let killed = false;
	const one = async (i: number) => {
		attempted++;
		try {
			const res = await fetch(server.url + '/api/v1/public/feedback', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ unit: '16108', title: `Phản ánh trước khi tắt máy ${i}`, body: `Nội dung riêng số ${i}: ${Math.random()}` })
			});
			if (res.status === 201) acknowledged.push(((await res.json()) as { trackingCode: string }).trackingCode);
			else expect(res.status, await res.text()).toBe(201);
		} catch {
			// The connection died with the server: not acknowledged, so nothing is promised.
			expect(killed).toBe(true);
		}
	};
	// Eight senders at once; the server is killed once 60 items are acknowledged, requests in flight.
	const senders = Array.from({ length: 8 }, async (_, s) => {
		for (let i = s; !killed; i += 8) {
			await one(i);
			if (acknowledged.length >= 60 && !killed) {
				killed = true;
				await server.kill();
			}
		}
	});
	await Promise.all(senders);
	return { acknowledged, attempted };
}

async function storedCodes(url: string): Promise<Set<string>> {
	const cookie = await apiSignIn(url, 'admin');
	const codes = new Set<string>();
	for (let offset = 0; ; offset += 200) {
		const res = await fetch(`${url}/api/v1/feedback?unit=16108&limit=200&offset=${offset}`, { headers: { cookie } });
		expect(res.status).toBe(200);
		const page = (await res.json()) as { items: { trackingCode: string }[]; hasMore: boolean };
		for (const i of page.items) codes.add(i.trackingCode);
		if (!page.hasMore) return codes;
	}
}

async function checkSurvives(opts: { dataDir?: string; databaseUrl?: string }) {
	const first = await start(opts);
	const { acknowledged, attempted } = await submitUntilKilled(first);
	expect(acknowledged.length).toBeGreaterThanOrEqual(60);
	expect(attempted).toBeGreaterThan(acknowledged.length);
	const second = await start(opts);
	running.push(second);
	const stored = await storedCodes(second.url);
	const lost = acknowledged.filter((c) => !stored.has(c));
	expect(lost, `lost ${lost.length} of ${acknowledged.length} acknowledged`).toEqual([]);
	// And each one answers its tracking code.
	for (const code of acknowledged.slice(0, 10)) expect((await fetch(`${second.url}/api/v1/public/feedback/${code}`)).status).toBe(200);
	await second.stop();
	running.splice(running.indexOf(second), 1);
}

describe('a killed server loses no acknowledged feedback', () => {
	test('on the embedded database (PGlite)', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-feedback-kill-'));
		cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
		await checkSurvives({ dataDir });
	}, 240_000);

	test.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL', async () => {
		const admin = process.env.TEST_DATABASE_URL!;
		const name = `lantoa_fbkill_${process.pid}_${Date.now().toString(36)}`;
		const c = new pg.Client({ connectionString: admin });
		await c.connect();
		await c.query(`CREATE DATABASE ${name}`);
		await c.end();
		cleanups.push(async () => {
			const d = new pg.Client({ connectionString: admin });
			await d.connect();
			await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
			await d.end();
		});
		const url = new URL(admin);
		url.pathname = '/' + name;
		await checkSurvives({ databaseUrl: url.toString() });
	}, 240_000);
});
