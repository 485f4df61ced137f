/** Returned by every `on<Event>` subscription; call `dispose()` to unsubscribe. */
export interface Disposable {
  dispose(): void;
}

/** A tiny typed event emitter (listeners run synchronously, in subscription order). @internal */
export class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  on(listener: (value: T) => void): Disposable {
    // Wrap so the same function can be subscribed twice and disposed independently.
    const wrapped = (value: T): void => listener(value);
    this.listeners.add(wrapped);
    return { dispose: () => void this.listeners.delete(wrapped) };
  }

  emit(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // A throwing listener must not break the breaker or the other listeners.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
