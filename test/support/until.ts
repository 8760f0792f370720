/**
 * Waits until the condition holds, checking every 10 ms, and fails after `timeoutMs`. Unlike
 * Harness.waitFor it does not then wait for the bot to be idle: for tests where a Slack call hangs.
 */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
