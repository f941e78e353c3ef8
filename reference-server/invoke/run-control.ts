/** Why a run was aborted; decides the wording of its `cancelled` error. */
export type AbortReason = 'client-disconnected' | 'shutdown' | 'stalled';

/**
 * Cancellation of one run. The AbortSignal handed to the agent is made only when the agent asks
 * for it: most runs never need one, and an AbortController is among the costliest objects a run
 * would otherwise allocate.
 */
export class RunControl {
  /** Its place in the RunRegistry it is in, or -1. */
  registrySlot = -1;
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
  race<T, A>(work: PromiseLike<T>, aborted: A): Promise<T | A> {
    if (this.#reason) return Promise.resolve(aborted);
    return new Promise((resolve, reject) => {
      this.#wake = () => resolve(aborted);
      work.then(resolve, reject);
    });
  }
}

/**
 * The runs in progress, so shutdown can end them. An array with swap-remove rather than a Set:
 * a Set's add/delete churn (its table is rebuilt as deletions pile up) showed on the hot path.
 */
export class RunRegistry {
  readonly #runs: RunControl[] = [];

  add(run: RunControl): void {
    if (run.registrySlot >= 0) return;
    run.registrySlot = this.#runs.length;
    this.#runs.push(run);
  }

  delete(run: RunControl): void {
    const slot = run.registrySlot;
    if (slot < 0 || this.#runs[slot] !== run) return;
    const last = this.#runs.pop()!;
    if (last !== run) {
      this.#runs[slot] = last;
      last.registrySlot = slot;
    }
    run.registrySlot = -1;
  }

  /** A snapshot, so runs may leave while it is walked. */
  [Symbol.iterator](): Iterator<RunControl> {
    return [...this.#runs][Symbol.iterator]();
  }
}
