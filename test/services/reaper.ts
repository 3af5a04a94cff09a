import { spawn } from 'node:child_process';

/**
 * Services must not outlive the test run, even when the runner is killed (SIGKILL gives no chance to
 * run teardown). A detached watchdog shell polls the runner's pid and runs `cleanup` once it is gone.
 * Teardown calls the returned function to run the same cleanup at once and end the watchdog.
 */
export function reapWhenParentDies(cleanup: string, parentPid = process.pid): () => void {
  const script = `while kill -0 ${parentPid} 2>/dev/null; do sleep 1; done; ${cleanup}`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return () => {
    try {
      if (watchdog.pid) process.kill(-watchdog.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
}
