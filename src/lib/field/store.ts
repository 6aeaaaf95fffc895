import type { QueuedActivity } from './queue';

/**
 * The phone's IndexedDB: queued activities, their photos as blobs (kept apart so listing the
 * queue does not read every image) and small settings (the cached bootstrap, the chosen village).
 */
const DB_NAME = 'lantoa-field';
const DB_VERSION = 1;

export interface StoredPhoto {
	id: string;
	activityId: string;
	blob: Blob;
}

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
	opening ??= new Promise((resolve, reject) => {
		const req = indexedDB.open(DB_NAME, DB_VERSION);
		req.onupgradeneeded = () => {
			const db = req.result;
			if (!db.objectStoreNames.contains('activities')) db.createObjectStore('activities', { keyPath: 'id' });
			if (!db.objectStoreNames.contains('photos')) db.createObjectStore('photos', { keyPath: 'id' }).createIndex('activityId', 'activityId');
			if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => {
			opening = null;
			reject(req.error);
		};
	});
	return opening;
}

function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
	});
}

function result<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

export async function allActivities(): Promise<QueuedActivity[]> {
	const db = await open();
	const items = await result(db.transaction('activities').objectStore('activities').getAll());
	return (items as QueuedActivity[]).sort((a, b) => b.createdAt - a.createdAt);
}

export async function getActivity(id: string): Promise<QueuedActivity | undefined> {
	const db = await open();
	return (await result(db.transaction('activities').objectStore('activities').get(id))) as QueuedActivity | undefined;
}

export async function putActivity(item: QueuedActivity): Promise<void> {
	const db = await open();
	const tx = db.transaction('activities', 'readwrite');
	tx.objectStore('activities').put(item);
	await done(tx);
}

/** Queues an activity and its photos in one transaction: both are kept, or neither. */
export async function queueActivity(item: QueuedActivity, photos: StoredPhoto[]): Promise<void> {
	const db = await open();
	const tx = db.transaction(['activities', 'photos'], 'readwrite');
	tx.objectStore('activities').put(item);
	for (const p of photos) tx.objectStore('photos').put(p);
	await done(tx);
}

export async function getPhoto(id: string): Promise<StoredPhoto | undefined> {
	const db = await open();
	return (await result(db.transaction('photos').objectStore('photos').get(id))) as StoredPhoto | undefined;
}

/** Removes a record and its photos from the phone. */
export async function removeActivity(id: string): Promise<void> {
	const db = await open();
	const tx = db.transaction(['activities', 'photos'], 'readwrite');
	tx.objectStore('activities').delete(id);
	const photos = tx.objectStore('photos');
	const keys = await result(photos.index('activityId').getAllKeys(id));
	for (const k of keys) photos.delete(k);
	await done(tx);
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
	const db = await open();
	return (await result(db.transaction('meta').objectStore('meta').get(key))) as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
	const db = await open();
	const tx = db.transaction('meta', 'readwrite');
	tx.objectStore('meta').put(value, key);
	await done(tx);
}
