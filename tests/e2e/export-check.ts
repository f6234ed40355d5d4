// The export check, as the e2e tests (web and Electron) answer it.
import type { Page } from '@playwright/test';

/**
 * Preflight findings and burned-in-text risks block the export until acknowledged (never
 * silent): tick what is shown. Tests that are about something else use this.
 */
export async function acknowledgePreflight(page: Page): Promise<void> {
  const ack = page.getByTestId('preflight-ack');
  if (await ack.isVisible()) await ack.check();
  const privacy = page.locator('[data-testid^="privacy-ack-"]');
  for (let i = 0; i < (await privacy.count()); i++) await privacy.nth(i).check();
}
