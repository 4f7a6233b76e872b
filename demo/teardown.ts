interface Step {
  name: string;
  stop: () => Promise<void>;
}

/**
 * Stops what the demo started, in reverse start order (worker before the server it talks to), each part once,
 * whether the demo succeeded, threw, or was interrupted.
 */
export class Teardown {
  private readonly steps: Step[] = [];
  private running?: Promise<void>;

  constructor(private readonly log: (line: string) => void) {}

  /** Registers a stop; once teardown has begun (Ctrl-C during start-up), it is stopped right after the rest. */
  add(name: string, stop: () => Promise<void>): void {
    this.steps.push({ name, stop });
    if (this.running) this.running = this.running.then(() => this.drain());
  }

  /** Resolves once everything registered so far, and anything registered meanwhile, has stopped. */
  async run(): Promise<void> {
    this.running ??= this.drain();
    let current: Promise<void>;
    do {
      current = this.running;
      await current;
    } while (current !== this.running);
  }

  private async drain(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.stop();
        this.log(`stopped ${step.name}`);
      } catch (error) {
        this.log(`error while stopping ${step.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
