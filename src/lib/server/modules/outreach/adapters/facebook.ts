import { DeliveryError, type ChannelAdapter } from './types';

/** Placeholder until the facebook adapter speaks its platform's protocol: every send fails for good. */
export const facebookAdapter: ChannelAdapter = {
	channel: 'facebook',
	async send() {
		throw new DeliveryError('facebook adapter not available', { retryable: false });
	}
};
