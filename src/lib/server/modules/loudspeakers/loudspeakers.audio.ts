import { createHash } from 'node:crypto';
import { wavSeconds } from '../../speech/wav';

/** A bulletin as the schedule needs it: its text, and the audio made from it (if any). */
export interface BulletinSound {
	title: string;
	body: string;
	audioFileId: string | null;
	audioTextHash: string | null;
	audioMime: string | null;
	audioSize: number | null;
	/** The first bytes of the audio file (its header). */
	audioHead: Uint8Array | null;
}

/** What is read aloud: the title, then the body as written. */
export function spokenText(c: { title: string; body: string }): string {
	const title = c.title.trim();
	const body = c.body.trim();
	const end = /[.!?…:]$/.test(title) ? '' : '.';
	return body ? `${title}${end}\n\n${body}` : title;
}

export const textHash = (text: string) => createHash('sha256').update(text.normalize('NFC')).digest('hex');

/** Audio made from the text as it is now; a changed title or body makes it stale. */
export const audioCurrent = (c: BulletinSound) => c.audioFileId !== null && c.audioTextHash === textHash(spokenText(c));

/**
 * Seconds a spoken Vietnamese text takes at the loudspeaker speed, before any audio is made:
 * espeak-ng at 140 words a minute reads about 2.8 syllables a second with its pauses (measured on
 * a 69-syllable bulletin: 24.5 s), so 0.36 s a syllable, rounded up.
 */
export function estimateSeconds(text: string): number {
	const syllables = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
	return Math.max(1, Math.ceil(syllables * 0.36));
}

/**
 * How long the bulletin plays: the current audio's length when it is a WAV (from its header),
 * else the estimate from its text. The schedule's capacity is counted with this.
 */
export function bulletinSeconds(c: BulletinSound): number {
	if (audioCurrent(c) && c.audioHead && c.audioSize) {
		const seconds = wavSeconds(c.audioHead, c.audioSize);
		if (seconds !== null) return Math.max(1, Math.ceil(seconds));
	}
	return estimateSeconds(spokenText(c));
}
