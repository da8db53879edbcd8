import type { WakeupChannel } from "./wakeup-channel";
import { callListeners, type WakeupHub, type WakeupListener } from "./wakeup-hub";

/**
 * The SQLite {@link WakeupHub}: listeners in this process are called synchronously right after a
 * transaction that wrote to their channel commits (never for a rollback). Other processes sharing
 * the file are not woken; they find the work at their next poll.
 */
export function createLocalWakeupHub(onError: (error: unknown) => void): WakeupHub {
  const listeners = new Map<WakeupChannel, Set<WakeupListener>>();
  return {
    crossProcess: false,
    async subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      const entry: WakeupListener = () => listener();
      set.add(entry);
      return async () => {
        set.delete(entry);
      };
    },
    publishCommitted(channels) {
      for (const channel of channels) {
        const set = listeners.get(channel);
        if (set && set.size > 0) callListeners(set, onError);
      }
    },
    async close() {
      listeners.clear();
    },
  };
}
