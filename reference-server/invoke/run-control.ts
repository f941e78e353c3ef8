/** Why a run was aborted; decides the wording of its `cancelled` error. */
export type AbortReason = 'client-disconnected' | 'shutdown' | 'stalled';

/** Cancellation of one run: the agent gets `signal`, the pipeline races pending steps against it. */
export class RunControl {
  #reason: AbortReason | undefined;
  readonly #controller = new AbortController();
  #wake: (() => void) | undefined;

  get aborted(): boolean {
    return this.#reason !== undefined;
  }

  get reason(): AbortReason | undefined {
    return this.#reason;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  abort(reason: AbortReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#controller.abort(reason);
    this.#wake?.();
  }

  /** Resolves with `work`, or with `aborted` as soon as the run is aborted, whichever is first. */
  race<T, A>(work: PromiseLike<T>, aborted: A): Promise<T | A> {
    if (this.#reason) return Promise.resolve(aborted);
    return new Promise((resolve, reject) => {
      this.#wake = () => resolve(aborted);
      work.then(resolve, reject);
    });
  }
}
