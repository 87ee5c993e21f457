/**
 * Time in the sandbox. Timestamps written into objects are wall-clock time
 * (so ages shown by clients stay true); durations the simulation waits for
 * (pauses, analysis intervals, pod start-up, scale-down delays) are divided by
 * the speed factor. With speed 60 a `pause: {duration: 60s}` lasts one second.
 */
export class Clock {
  /**
   * While settling (seeding the initial state), mechanical delays such as pod
   * start-up and analysis intervals are skipped; user-visible waits (pause
   * durations, scale-down delays) still run at the configured speed.
   */
  settling = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly speed: number = 1) {
    if (!(speed > 0)) {
      throw new Error(`speed must be a positive number, got ${speed}`);
    }
  }

  now(): number {
    return Date.now();
  }

  /** Real milliseconds for a simulated duration in seconds. */
  scaled(seconds: number): number {
    return (seconds * 1000) / this.speed;
  }

  /** Like scaled(), but zero while settling. */
  mechanical(seconds: number): number {
    return this.settling ? 0 : this.scaled(seconds);
  }

  /** Whether `seconds` of simulated time have passed since `startMs`. */
  elapsed(startMs: number, seconds: number): boolean {
    return this.now() >= startMs + this.scaled(seconds);
  }

  /** An unref'd timer that stop() cancels. */
  setTimer(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    timer.unref();
    this.timers.add(timer);
  }

  stop(): void {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}
