/**
 * How late this process's timers fire right now. A timing assertion ("the timeout is honoured within
 * 10 %") adds the worst lateness seen while it ran to its allowance: on a loaded machine the code under
 * test's timers are late by the same stalls as the meter's, so the allowance grows with the load, while
 * a timeout that is ignored (seconds late on an idle machine) still fails.
 */
export interface LagMeter {
  /** Stop sampling; the worst lateness seen, in ms. */
  stop(): number;
}

export function startLagMeter(tickMs = 10): LagMeter {
  let worst = 0;
  let due = performance.now() + tickMs;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - due);
    due = now + tickMs;
  }, tickMs);
  return {
    stop() {
      clearInterval(timer);
      // A stall still going on when the work ended counts too.
      return Math.max(worst, performance.now() - due);
    },
  };
}
