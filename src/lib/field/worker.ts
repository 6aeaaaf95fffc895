/**
 * Registers the notebook's service worker (/field/sw.js, scope /field/) and hands it the
 * addresses of the built files this page loaded, so the page opens offline next time even
 * though they were fetched before the worker existed.
 */
export function registerNotebookWorker(on: { onReady: () => void; onUnsupported: () => void; onSyncRequest: () => void }): () => void {
	if (!('serviceWorker' in navigator)) {
		on.onUnsupported();
		return () => {};
	}
	const onMessage = (event: MessageEvent) => {
		if (event.data?.type === 'assets-cached') on.onReady();
		if (event.data?.type === 'sync') on.onSyncRequest();
	};
	navigator.serviceWorker.addEventListener('message', onMessage);
	void (async () => {
		try {
			await navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' });
			const registration = await navigator.serviceWorker.ready;
			const urls = new Set<string>();
			for (const e of performance.getEntriesByType('resource')) {
				const path = new URL(e.name, location.href).pathname;
				if (path.startsWith('/_app/immutable/')) urls.add(path);
			}
			for (const el of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[href]')) {
				const path = new URL('src' in el && el.src ? el.src : (el as HTMLLinkElement).href, location.href).pathname;
				if (path.startsWith('/_app/immutable/')) urls.add(path);
			}
			registration.active?.postMessage({ type: 'cache-assets', urls: [...urls] });
		} catch {
			on.onUnsupported();
		}
	})();
	return () => navigator.serviceWorker.removeEventListener('message', onMessage);
}

/** Asks the browser to wake the worker when the network returns (Background Sync, where supported). */
export async function requestBackgroundSync(): Promise<void> {
	try {
		const registration = await navigator.serviceWorker?.getRegistration('/field/');
		const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
		await sync?.register('lantoa-field-sync');
	} catch {
		/* not supported, or not allowed: the page sends on open and when the 'online' event fires */
	}
}
