/** Something the stand-in does at a simulated instant (a schedule firing, Config invoking a rule). */
interface TimedTask {
  readonly at: number;
  readonly label: string;
  /** Handed the task's own instant: real time runs on while tasks run, so "now" may already be a few milliseconds past it. */
  readonly run: (at: Date) => Promise<void>;
  readonly sequence: number;
}

/**
 * The stand-in's controllable clock: real time plus an offset that only
 * {@link advance} moves, so time flows during a test as it does on AWS, and a
 * test can jump hours ahead. Work AWS does on its own at a given instant
 * (EventBridge Scheduler firing a schedule, Config invoking a rule some
 * seconds after StartConfigRulesEvaluation) is queued here and runs, in time
 * order, as the clock passes it: the clock stands at each task's instant while
 * the task runs. The bundled handler is handed the same offset, so the rule
 * judges at the stand-in's time.
 */
export class StandInClock {
  private offset = 0;
  private sequence = 0;
  private readonly tasks: TimedTask[] = [];

  /** The simulated now. */
  public now(): Date {
    return new Date(Date.now() + this.offset);
  }

  /** Milliseconds the simulated clock is ahead of the real one: what the handler's clock adds. */
  public get offsetMs(): number {
    return this.offset;
  }

  /** Queues `run` for the simulated instant `at` (now, if that is past). */
  public at(at: Date, label: string, run: (at: Date) => Promise<void>): void {
    this.tasks.push({ at: at.getTime(), label, run, sequence: (this.sequence += 1) });
  }

  /** Labels of the tasks still waiting, in the order they will run. */
  public pending(): { readonly at: Date; readonly label: string }[] {
    return this.ordered().map((task) => ({ at: new Date(task.at), label: task.label }));
  }

  /**
   * Moves the clock `ms` ahead, running every task due on the way at its own
   * instant (tasks those tasks queue included), then standing at the end.
   */
  public async advance(ms: number): Promise<void> {
    await this.advanceTo(new Date(this.now().getTime() + ms));
  }

  /** Moves the clock to `until` (never back), running the tasks due by then in time order. */
  public async advanceTo(until: Date): Promise<void> {
    for (;;) {
      const next = this.ordered()[0];
      if (next === undefined || next.at > until.getTime()) break;
      this.tasks.splice(this.tasks.indexOf(next), 1);
      this.standAt(next.at);
      await next.run(new Date(next.at));
    }
    this.standAt(until.getTime());
  }

  /** Forgets the queued tasks and goes back to real time. */
  public reset(): void {
    this.tasks.length = 0;
    this.offset = 0;
  }

  private standAt(instant: number): void {
    // Never backwards: a task that ran long leaves the clock where real time took it.
    this.offset = Math.max(this.offset, instant - Date.now());
  }

  private ordered(): TimedTask[] {
    return [...this.tasks].sort((a, b) => a.at - b.at || a.sequence - b.sequence);
  }
}
