import { shallowRef } from 'vue';
import type { RouteLocationRaw } from 'vue-router';

export interface FlashMessage {
  text: string;
  tone: 'success' | 'info';
  /** A follow-up, such as the run a decision sent on its way. */
  link?: { label: string; to: RouteLocationRaw };
}

export interface UseFlash {
  /** Shown by the next page that takes it, e.g. after a decision sends the reviewer back to the inbox. */
  show(text: string, options?: Partial<Pick<FlashMessage, 'tone' | 'link'>>): void;
  /** The pending message, once: a reload or a later visit does not show it again. */
  take(): FlashMessage | null;
}

// One message for the whole app: it only has to survive one in-app navigation.
const pending = shallowRef<FlashMessage | null>(null);

export function useFlash(): UseFlash {
  return {
    show(text, options = {}) {
      pending.value = { text, tone: options.tone ?? 'success', ...(options.link ? { link: options.link } : {}) };
    },
    take() {
      const message = pending.value;
      pending.value = null;
      return message;
    },
  };
}
