import { getCurrentScope, onScopeDispose, readonly, ref, type Ref } from 'vue';

export interface UsePollingOptions {
  /** Time between the end of one tick and the start of the next (default 1 s). */
  intervalMs?: number;
  /** One round of work; resolve to false to stop polling (the thing polled is finished). */
  tick: () => Promise<boolean>;
}

export interface UsePolling {
  /** True while another tick is scheduled or running. */
  active: Readonly<Ref<boolean>>;
  /** Starts ticking after one interval; does nothing when already active. */
  start(): void;
  stop(): void;
}

/**
 * Polls with a timeout chain rather than setInterval, so a slow answer never
 * overlaps the next request. A hidden tab skips its ticks (nobody is looking;
 * the next visible tick catches up), and polling stops with the component.
 */
export function usePolling(options: UsePollingOptions): UsePolling {
  const intervalMs = options.intervalMs ?? 1000;
  const active = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;

  function schedule(): void {
    timer = setTimeout(() => void run(), intervalMs);
  }

  async function run(): Promise<void> {
    timer = undefined;
    if (!active.value) return;
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
      schedule();
      return;
    }
    let keepGoing = true;
    try {
      keepGoing = await options.tick();
    } catch {
      // A failed tick (network blip) is the caller's to show; polling goes on.
    }
    if (!active.value) return;
    if (keepGoing) schedule();
    else active.value = false;
  }

  function start(): void {
    if (active.value) return;
    active.value = true;
    schedule();
  }

  function stop(): void {
    active.value = false;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  if (getCurrentScope()) onScopeDispose(stop);

  return { active: readonly(active), start, stop };
}
