/** Why a run was aborted; decides the wording of its `cancelled` error. */
export type AbortReason = 'client-disconnected' | 'shutdown' | 'stalled';

/**
 * Cancellation of one run. The AbortSignal handed to the agent is made only when the agent asks
 * for it: most runs never need one, and an AbortController is among the costliest objects a run
 * would otherwise allocate.
 */
export class RunControl {
  #reason: AbortReason | undefined;
  #controller: AbortController | undefined;
  #wake: (() => void) | undefined;

  get aborted(): boolean {
    return this.#reason !== undefined;
  }

  get reason(): AbortReason | undefined {
    return this.#reason;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  abort(reason: AbortReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#wake?.();
  }

  /** Resolves with `work`, or with `aborted` as soon as the run is aborted, whichever is first. */
  race<T, A>(work: Promise<T>, aborted: A): Promise<T | A> {
    if (this.#reason) return Promise.resolve(aborted);
    return new Promise((resolve, reject) => {
      this.#wake = () => resolve(aborted);
      work.then(resolve, reject);
    });
  }
}
