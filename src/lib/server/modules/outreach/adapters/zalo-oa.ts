import { DeliveryError, type ChannelAdapter } from './types';

/** Placeholder until the zalo_oa adapter speaks its platform's protocol: every send fails for good. */
export const zaloOaAdapter: ChannelAdapter = {
	channel: 'zalo_oa',
	async send() {
		throw new DeliveryError('zalo_oa adapter not available', { retryable: false });
	}
};
