import { endpoint } from '$lib/server/api/endpoint';
import { makeSpeech, readSpeech } from '$lib/server/modules/loudspeakers/loudspeakers.speech';
import { audioResponse } from '$lib/server/modules/loudspeakers/loudspeakers.http';
import { ContentParams, SpeechResult } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const GET = endpoint(
	{
		summary:
			'Listen to a bulletin’s speech (for those who read the bulletin or see a station it is scheduled on). X-Lantoa-Audio-Stale: true when the text changed after the audio was made',
		tags: ['loudspeakers'],
		auth: 'user',
		params: ContentParams,
		produces: ['audio/wav', 'audio/mpeg', 'audio/ogg']
	},
	async ({ event, db, actor, params }) => {
		const { file, stale } = await readSpeech({ db, actor }, params.id);
		return audioResponse(event.request, file, { 'x-lantoa-audio-stale': String(stale) });
	}
);

export const POST = endpoint(
	{
		summary:
			'Make a bulletin’s Vietnamese speech (in review, approved or published; by its writers or approvers) with the configured engine (LANTOA_SPEECH_ENGINE, default espeak-ng); 503 when the engine is not installed',
		tags: ['loudspeakers'],
		auth: 'user',
		params: ContentParams,
		response: SpeechResult,
		status: 201
	},
	async ({ db, actor, params }) => makeSpeech({ db, actor }, params.id)
);
