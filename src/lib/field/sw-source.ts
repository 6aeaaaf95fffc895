/**
 * The village notebook's service worker, as the text served at /field/sw.js (scope /field/).
 * Plain JavaScript with no imports: the browser runs it as a classic worker script. `version`
 * changes with every build, so a new build installs a new worker that drops the old page cache.
 *
 * - install: the /field/ page, its manifest and icons, and every /_app/immutable/ file the page
 *   names (script, modulepreload and stylesheet links) go into the caches;
 * - /_app/immutable/**: cache first (their names carry a content hash), cached as fetched;
 * - /field/ pages: network first (3 s), the cached page when the network fails or is slow;
 * - GET /api/v1/field/bootstrap: network first, the cached answer when offline;
 * - other /api requests go to the network untouched (writes are never replayed by the worker);
 * - a Background Sync event wakes the open notebook pages, which send the queue.
 */
export function serviceWorkerSource(version: string): string {
	return `'use strict';
const VERSION = ${JSON.stringify(version)};
const SHELL = 'lantoa-field-shell-' + VERSION;
const ASSETS = 'lantoa-field-assets';
const DATA = 'lantoa-field-data';
const PAGE = '/field/';
const STATIC = ['/field/manifest.webmanifest', '/field/icons/192.png', '/field/icons/512.png', '/field/icon.svg'];
const NETWORK_WAIT_MS = 3000;

function assetUrls(html) {
	const out = new Set();
	const re = /(?:src|href)="(\\/_app\\/immutable\\/[^"]+)"|import\\("(\\/_app\\/immutable\\/[^"]+)"\\)|"(\\.\\/_app\\/immutable\\/[^"]+|\\/_app\\/immutable\\/[^"]+)"/g;
	let m;
	while ((m = re.exec(html))) out.add((m[1] || m[2] || m[3]).replace(/^\\./, ''));
	return [...out];
}

async function cacheAssets(urls) {
	const cache = await caches.open(ASSETS);
	await Promise.all(
		urls.map(async (url) => {
			if (await cache.match(url)) return;
			try {
				const res = await fetch(url, { credentials: 'same-origin' });
				if (res.ok) await cache.put(url, res);
			} catch (e) {
				/* offline: cached when next fetched */
			}
		})
	);
}

async function precache() {
	const shell = await caches.open(SHELL);
	const res = await fetch(PAGE, { credentials: 'same-origin', cache: 'no-store' });
	if (res.ok && !res.redirected) {
		const html = await res.clone().text();
		await shell.put(PAGE, res);
		await cacheAssets(assetUrls(html));
	}
	await Promise.all(
		STATIC.map(async (url) => {
			try {
				const r = await fetch(url, { cache: 'no-store' });
				if (r.ok) await shell.put(url, r);
			} catch (e) {
				/* cached when next fetched */
			}
		})
	);
}

self.addEventListener('install', (event) => {
	event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key.startsWith('lantoa-field-shell-') && key !== SHELL) await caches.delete(key);
			await self.clients.claim();
		})()
	);
});

function timeout(ms) {
	return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

async function networkFirst(request, cacheName, key, wait) {
	const cache = await caches.open(cacheName);
	const fromNetwork = fetch(request).then(async (res) => {
		if (res.ok && !res.redirected) await cache.put(key, res.clone());
		return res;
	});
	try {
		const res = await (wait ? Promise.race([fromNetwork, timeout(wait)]) : fromNetwork);
		if (res.ok || res.status < 500) return res;
		throw new Error('server error ' + res.status);
	} catch (err) {
		const cached = await cache.match(key);
		if (cached) return cached;
		return fromNetwork;
	}
}

async function cacheFirst(request) {
	const cache = await caches.open(ASSETS);
	const hit = await cache.match(request);
	if (hit) return hit;
	const res = await fetch(request);
	if (res.ok) await cache.put(request, res.clone());
	return res;
}

self.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== self.location.origin) return;
	const path = url.pathname;
	if (path.startsWith('/_app/immutable/')) {
		event.respondWith(cacheFirst(request));
	} else if (path === '/api/v1/field/bootstrap') {
		event.respondWith(networkFirst(request, DATA, url.pathname + url.search, 0));
	} else if (request.mode === 'navigate' && path.startsWith('/field/')) {
		// One page serves every address under /field/ (its screens are client-side).
		event.respondWith(networkFirst(request, SHELL, PAGE, NETWORK_WAIT_MS));
	} else if (STATIC.includes(path)) {
		event.respondWith(networkFirst(request, SHELL, path, NETWORK_WAIT_MS));
	}
});

self.addEventListener('message', (event) => {
	const data = event.data || {};
	if (data.type === 'cache-assets' && Array.isArray(data.urls)) {
		const urls = data.urls.filter((u) => typeof u === 'string' && u.startsWith('/_app/immutable/'));
		event.waitUntil(cacheAssets(urls).then(() => event.source && event.source.postMessage({ type: 'assets-cached', count: urls.length })));
	}
});

self.addEventListener('sync', (event) => {
	if (event.tag !== 'lantoa-field-sync') return;
	event.waitUntil(
		self.clients.matchAll({ type: 'window' }).then((clients) => {
			for (const c of clients) if (new URL(c.url).pathname.startsWith('/field/')) c.postMessage({ type: 'sync' });
		})
	);
});
`;
}
