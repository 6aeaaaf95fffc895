import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { espeakEngine, espeakSettings, splitSentences } from './espeak';
import { speechEngine } from './speech';
import { parseWav, wavSeconds } from './wav';

const installed = spawnSync('espeak-ng', ['--version']).status === 0;
const sentence = 'Ủy ban nhân dân xã thông báo: các hộ nghèo đến nhà văn hóa thôn đăng ký vay vốn vào sáng thứ Bảy.';

describe('speech engines', () => {
	it('splits long text at sentence ends, then commas, never losing words', () => {
		const text = 'Câu một. Câu hai!\n\nĐoạn mới; ' + Array.from({ length: 300 }, (_, i) => `chữ${i},`).join(' ');
		const pieces = splitSentences(text, 200);
		expect(pieces.every((p) => p.length <= 200)).toBe(true);
		expect(pieces.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
		expect(splitSentences('  \n\n ')).toEqual([]);
	});

	it('names a missing engine binary and an unknown engine as 503 with a clear message', async () => {
		const missing = espeakEngine({ ...espeakSettings({}), command: '/nonexistent/espeak-ng' });
		await expect(missing.synthesize('Xin chào.', { language: 'vi' })).rejects.toMatchObject({ code: 'UNAVAILABLE', messageKey: 'loudspeakers.speechUnavailable' });
		expect(() => speechEngine({ LANTOA_SPEECH_ENGINE: 'nope' })).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }));
		expect(speechEngine({}).name).toBe('espeak-ng');
	});

	it.skipIf(!installed)('reads a Vietnamese sentence into a WAV of plausible length (espeak-ng installed)', async () => {
		const speech = await speechEngine({}).synthesize(sentence, { language: 'vi' });
		expect(speech.mime).toBe('audio/wav');
		const wav = parseWav(speech.bytes)!;
		expect(wav).not.toBeNull();
		expect(wav.channels).toBe(1);
		// The header carries the true sizes (not the placeholder espeak-ng writes to a pipe).
		const view = new DataView(speech.bytes.buffer, speech.bytes.byteOffset);
		expect(view.getUint32(4, true)).toBe(speech.bytes.length - 8);
		expect(view.getUint32(40, true)).toBe(speech.bytes.length - 44);
		// 24 syllables at about 2.8 a second: between 4 and 20 seconds, and not silence.
		expect(speech.seconds).toBeGreaterThan(4);
		expect(speech.seconds).toBeLessThan(20);
		expect(wavSeconds(speech.bytes.subarray(0, 64), speech.bytes.length)).toBeCloseTo(speech.seconds, 3);
		const samples = new Int16Array(wav.pcm.buffer.slice(wav.pcm.byteOffset, wav.pcm.byteOffset + wav.pcm.byteLength));
		let loudest = 0;
		for (const v of samples) loudest = Math.max(loudest, Math.abs(v));
		expect(loudest).toBeGreaterThan(1000);
		// Two sentences read as two pieces last longer than one.
		const two = await speechEngine({}).synthesize(`${sentence}\n\n${sentence}`, { language: 'vi' });
		expect(two.seconds).toBeGreaterThan(speech.seconds * 1.8);
	});

	it.runIf(!installed)('espeak-ng is not installed here: the speech test above is skipped (apt-get install espeak-ng)', () => {
		console.warn('espeak-ng not installed: skipping the Vietnamese speech test (apt-get install espeak-ng)');
	});
});
