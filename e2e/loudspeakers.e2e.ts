import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

const STATION = 'Cụm loa IP thôn Đông Sơn';
/** With espeak-ng the demo made the bulletins' speech, so the playlist has entries to play. */
const speaks = spawnSync('espeak-ng', ['--version']).status === 0;

/** The demo station of Đông Sơn, found through the API as the Hà Bình officer. */
async function dongSon(cookie: string): Promise<string> {
	const res = await fetch(`${app.url}/api/v1/stations?unit=16108-01`, { headers: { cookie } });
	const body = (await res.json()) as { items: { id: string; name: string }[] };
	return body.items.find((s) => s.name === STATION)!.id;
}

describe('loudspeakers in the browser and for controllers', () => {
	test('the village head presses "played" without JavaScript; the broadcast activity appears, once', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'truongthon.habinh');
		await page.goto(app.url + '/app/loudspeakers');
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['loudspeakers.title']);
		await submitAndWait(page, page.locator('main table a', { hasText: STATION }));
		await expect(page.locator('main h1').textContent()).resolves.toBe(STATION);
		// The demo placed this week's bulletins in today's slots.
		const rows = page.locator('main tbody tr', { has: page.locator('form[action="?/played"]') });
		expect(await rows.count()).toBeGreaterThan(0);
		const row = rows.first();
		const title = ((await row.locator('th[scope="row"]').textContent()) ?? '').trim();
		const id = ((await row.getAttribute('id')) ?? '').replace(/^bc-/, '');
		await submitAndWait(page, row.locator('form[action="?/played"] button'));
		expect(new URL(page.url()).searchParams.get('done')).toBe('played');
		await expect(page.locator('main [role="status"]').first().textContent()).resolves.toBe(vi['loudspeakers.confirmed']);
		const done = page.locator(`#bc-${id}`);
		await expect(done.textContent()).resolves.toContain(vi['loudspeakers.status.played']);
		await expect(done.locator('form[action="?/played"]').count()).resolves.toBe(0);
		const link = done.locator('a', { hasText: vi['loudspeakers.activityLink'] });
		const href = (await link.getAttribute('href'))!;
		expect(href).toMatch(/^\/app\/activities\/[0-9a-f-]{36}$/);

		// The activity, through the API: channel loudspeaker, done, the bulletin's title, the village.
		const cookie = await apiSignIn(app.url, 'truongthon.habinh');
		const activityId = href.split('/').pop()!;
		const res = await fetch(`${app.url}/api/v1/activities/${activityId}`, { headers: { cookie } });
		expect(res.status).toBe(200);
		const activity = (await res.json()) as Record<string, unknown>;
		expect(JSON.stringify(activity)).toContain('loudspeaker');
		expect(activity).toMatchObject({ title: title.replace(new RegExp(`\\s*(${vi['loudspeakers.priority.emergency']}|${vi['loudspeakers.priority.priority']})$`), ''), status: 'done' });

		// Pressing again (the form re-sent) records nothing new.
		const again = await fetch(`${app.url}/api/v1/stations/broadcasts/${id}/played`, { method: 'POST', headers: { cookie } });
		expect(((await again.json()) as { activityId: string }).activityId).toBe(activityId);
		const listed = await fetch(`${app.url}/api/v1/activities?unit=16108-01&channel=loudspeaker&limit=500`, { headers: { cookie } });
		const items = ((await listed.json()) as { items: { id: string }[] }).items;
		expect(items.filter((a) => a.id === activityId)).toHaveLength(1);

		// The activity page opens.
		const shown = await page.goto(app.url + href);
		expect(shown?.status()).toBe(200);
	});

	test('an IP controller fetches its M3U and JSON with the station token; a wrong token is refused', async () => {
		const cookie = await apiSignIn(app.url, 'canbo.habinh');
		const id = await dongSon(cookie);
		const issued = await fetch(`${app.url}/api/v1/stations/${id}/token`, { method: 'POST', headers: { cookie } });
		expect(issued.status).toBe(201);
		const { token } = (await issued.json()) as { token: string };

		// Tomorrow's list: the demo placed this week's bulletin there, and nothing of it has played yet
		// (today's may all be played or past by the hour the test runs).
		const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
		const m3u = await fetch(`${app.url}/api/v1/stations/${id}/schedule.m3u?date=${tomorrow}&token=${encodeURIComponent(token)}`);
		expect(m3u.status).toBe(200);
		expect(m3u.headers.get('content-type')).toMatch(/^audio\/x-mpegurl/);
		const text = await m3u.text();
		const lines = text.split('\r\n').filter(Boolean);
		expect(lines[0]).toBe('#EXTM3U');
		// Every entry is #EXTINF:<seconds>,<title> followed by an absolute address carrying the token.
		for (const [i, line] of lines.entries()) {
			if (!line.startsWith('#EXTINF:')) continue;
			expect(line).toMatch(/^#EXTINF:\d+,.+/);
			const url = new URL(lines[i + 1]);
			expect(url.searchParams.get('token')).toBe(token);
			expect(url.pathname).toMatch(new RegExp(`^/api/v1/stations/${id}/audio/[0-9a-f-]{36}$`));
		}
		const firstAudio = lines.find((l) => l.startsWith('http'));
		if (speaks) expect(firstAudio).toBeDefined();
		if (firstAudio) {
			const audio = await fetch(firstAudio);
			expect(audio.status).toBe(200);
			expect(audio.headers.get('content-type')).toBe('audio/wav');
		}

		const json = await fetch(`${app.url}/api/v1/stations/${id}/schedule.json`, { headers: { authorization: `Bearer ${token}` } });
		expect(json.status).toBe(200);
		const day = (await json.json()) as { station: { id: string }; slots: { startTime: string }[] };
		expect(day.station.id).toBe(id);
		expect(day.slots.map((s) => s.startTime)).toEqual(['06:30', '18:00']);

		expect((await fetch(`${app.url}/api/v1/stations/${id}/schedule.m3u?token=wrong`)).status).toBe(401);
		expect((await fetch(`${app.url}/api/v1/stations/${id}/schedule.m3u`)).status).toBe(401);
		const other = await dongSon(cookie).then(async () => {
			const res = await fetch(`${app.url}/api/v1/stations?unit=16108-03`, { headers: { cookie } });
			return ((await res.json()) as { items: { id: string }[] }).items[0].id;
		});
		expect((await fetch(`${app.url}/api/v1/stations/${other}/schedule.m3u?token=${encodeURIComponent(token)}`)).status).toBe(403);
	});
});
