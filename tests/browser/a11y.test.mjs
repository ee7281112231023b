// Accessibility of every view with axe-core, in both languages and both themes at a laptop's width: no
// serious or critical violation (contrast, names of controls, ARIA, tables). The sample shows every view with
// real figures; the model fit is waited for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { servedApp } from './harness.mjs';

const app = servedApp();

/** The serious and critical violations on the page, as `rule: target` lines. */
async function violations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

for (const [locale, colorScheme] of [['ja-JP', 'light'], ['en-US', 'dark']]) {
  test(`every view passes axe in ${locale}, ${colorScheme} theme`, async () => {
    const context = await app.browser.newContext({ locale, colorScheme, viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.server.url);
    const found = { start: await violations(page) };
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=files]');
    const tabs = await page.$$eval('[role=tab]', (all) => all.map((t) => t.id));
    for (const tab of tabs) {
      await page.click(`#${tab}`);
      if (tab === 'tab-ltv') {
        await page.waitForSelector('[data-testid=ltv-transaction-params], [data-testid=ltv-not-converged]',
          { timeout: 60_000 });
      }
      found[tab] = await violations(page);
    }
    const failing = Object.fromEntries(Object.entries(found).filter(([, v]) => v.length));
    assert.deepEqual(failing, {});
    await context.close();
  });
}
