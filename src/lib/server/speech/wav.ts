/** PCM WAV: reading what espeak-ng writes to a pipe, and writing a file browsers and players accept. */

export interface WavFormat {
	channels: number;
	sampleRate: number;
	bitsPerSample: number;
}

export interface Wav extends WavFormat {
	/** The samples, without any header. */
	pcm: Uint8Array;
}

const text = (b: Uint8Array, at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);

/**
 * Reads a PCM WAV. A WAV written to a pipe cannot know its length, so espeak-ng puts a
 * placeholder size in its header: the data chunk is taken to run to the end of the bytes when
 * its declared size is larger than what is there. Returns null for anything else.
 */
export function parseWav(bytes: Uint8Array): Wav | null {
	if (bytes.length < 12 || text(bytes, 0) !== 'RIFF' || text(bytes, 8) !== 'WAVE') return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let format: WavFormat | null = null;
	let at = 12;
	while (at + 8 <= bytes.length) {
		const id = text(bytes, at);
		const size = view.getUint32(at + 4, true);
		const body = at + 8;
		if (id === 'fmt ' && body + 16 <= bytes.length) {
			if (view.getUint16(body, true) !== 1) return null; // only integer PCM
			format = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bitsPerSample: view.getUint16(body + 14, true) };
		} else if (id === 'data') {
			if (!format || !format.channels || !format.sampleRate || !format.bitsPerSample) return null;
			const end = Math.min(bytes.length, body + size);
			return { ...format, pcm: bytes.subarray(body, end) };
		}
		at = body + size + (size % 2);
	}
	return null;
}

/** Bytes of one second of sound in this format. */
export const byteRate = (f: WavFormat) => f.sampleRate * f.channels * (f.bitsPerSample / 8);

/** How long a PCM WAV plays, from its header and its total size (no need to read the samples). */
export function wavSeconds(head: Uint8Array, totalSize: number): number | null {
	const wav = parseWav(head);
	if (!wav) return null;
	const dataStart = wav.pcm.byteOffset - head.byteOffset;
	const rate = byteRate(wav);
	return rate > 0 ? Math.max(0, totalSize - dataStart) / rate : null;
}

/** A canonical 44-byte-header PCM WAV around the samples, with the true sizes filled in. */
export function buildWav(format: WavFormat, pcm: Uint8Array): Uint8Array {
	const out = new Uint8Array(44 + pcm.length);
	const view = new DataView(out.buffer);
	const put = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
	put(0, 'RIFF');
	view.setUint32(4, 36 + pcm.length, true);
	put(8, 'WAVE');
	put(12, 'fmt ');
	view.setUint32(16, 16, true);
	view.setUint16(20, 1, true);
	view.setUint16(22, format.channels, true);
	view.setUint32(24, format.sampleRate, true);
	view.setUint32(28, byteRate(format), true);
	view.setUint16(32, format.channels * (format.bitsPerSample / 8), true);
	view.setUint16(34, format.bitsPerSample, true);
	put(36, 'data');
	view.setUint32(40, pcm.length, true);
	out.set(pcm, 44);
	return out;
}
