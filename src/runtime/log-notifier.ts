/** Delivers notifications to the log: the notifier used when no chat platform is connected. */
import type { Logger, Notifier } from '../core/ports.js';

export function createLogNotifier(logger: Logger): Notifier {
  return {
    async deliver(recipient, notification, effectId) {
      logger.info('notify', { effectId, to: recipient.kind === 'person' ? recipient.email : `#${recipient.channel}`, kind: notification.kind });
    },
    async reply(reply, effectId) {
      logger.info('reply', { effectId, platform: reply.platform, userId: reply.userId });
    },
  };
}
