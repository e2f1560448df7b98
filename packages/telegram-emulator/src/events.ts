/** A typed event emitter; listener errors are rethrown asynchronously so they surface without breaking the caller. */
export interface Emitter<Events> {
  /** Subscribes and returns the function that unsubscribes. */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void;
  off<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): void;
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
  removeAll(): void;
}

/** Creates a typed event emitter. */
export function createEmitter<Events>(): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  const emitter: Emitter<Events> = {
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as (payload: never) => void);
      return () => emitter.off(event, listener);
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener as (payload: never) => void);
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as (payload: Events[typeof event]) => void)(payload);
        } catch (error) {
          setImmediate(() => {
            throw error;
          });
        }
      }
    },
    removeAll() {
      listeners.clear();
    },
  };
  return emitter;
}
