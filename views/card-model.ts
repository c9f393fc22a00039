/**
 * A neutral card: what a message says, with no platform syntax. Every string here is plain text
 * (user text included); each platform renderer escapes it for its own markup, so nothing a user
 * types can become a mention, a ping or a disguised link.
 */
import type { ActionId } from './action-ids.js';

export type CardTone = 'info' | 'pending' | 'success' | 'warning' | 'danger' | 'neutral';

export interface CardField {
  label: string;
  value: string;
}

export type CardSection =
  | { kind: 'text'; text: string }
  /** Someone's own words (a justification, a reason): shown quoted. */
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'fields'; fields: CardField[] }
  | { kind: 'divider' };

export interface CardAction {
  id: ActionId;
  label: string;
  /** Opaque to the platform: the request, grant, task or review id the action is about. */
  value: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export interface Card {
  /** Header line, also the start of the fallback text shown in notifications. */
  title: string;
  /** One sentence for notifications and screen readers. */
  summary: string;
  tone: CardTone;
  sections: CardSection[];
  /** Small print under the card (ids, times, policy hash). */
  context: string[];
  actions: CardAction[];
}
