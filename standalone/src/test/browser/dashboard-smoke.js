// Signs in to the dashboard in headless Chromium (laptop and phone sizes) and checks that the files table lists
// the expected file and that the page raised no errors. Usage: node dashboard-smoke.js URL TOKEN FILE_NAME SHOTS_DIR
// Needs playwright-core on NODE_PATH and Chromium at $CHROMIUM (default /usr/bin/chromium); .ci/run installs both.
const { chromium } = require('playwright-core');

const [url, token, fileName, shotsDir] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const results = [];
  try {
    for (const [name, viewport] of [['laptop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
      const page = await browser.newPage({ viewport });
      const errors = [];
      page.on('pageerror', e => errors.push(e.message));
      page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(url);
      await page.fill('#token', token);
      await page.click('#signin-form button');
      await page.waitForSelector('#files tr', { timeout: 20000 });
      const text = await page.locator('#files').innerText();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      await page.screenshot({ path: `${shotsDir}/dashboard-${name}.png`, fullPage: true });
      results.push({ name, listed: text.includes(fileName), horizontalScroll: overflow, errors });
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(results));
  process.exit(results.every(r => r.listed && !r.horizontalScroll && r.errors.length === 0) ? 0 : 1);
})().catch(e => { console.error(e); process.exit(2); });
