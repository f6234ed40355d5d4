// The export check, as the e2e tests (web and Electron) answer it.
import type { Page } from '@playwright/test';

/**
 * Preflight findings and burned-in-text risks block the export until acknowledged (never
 * silent): tick what is shown. Tests that are about something else use this.
 */
export async function acknowledgePreflight(page: Page): Promise<void> {
  const ack = page.getByTestId('preflight-ack');
  if (await ack.isVisible()) await ack.check();
  // The list changes while it is answered: a panel whose pixel check ends clear leaves it (its row
  // folds into "nothing found"), so tick the first unticked box until none is left.
  const unticked = page.locator('[data-testid^="privacy-ack-"]:not(:checked)');
  for (let guard = 0; guard < 20 && (await unticked.count()) > 0; guard++) {
    await unticked
      .first()
      .check({ timeout: 5_000 })
      .catch(() => undefined); // the row left the list between the count and the click
  }
}
