// What the dashboard renders, in headless Chromium, against a test API whose catalog the Java side controls:
// 1. sign in with a token: the files table lists FILE_NAME;
// 2. a reload of the same tab is still signed in (the token is kept for the tab), a new tab is not (not kept
//    beyond it: sessionStorage, not localStorage or a cookie);
// 3. Download fetches a signed link: the download's URL carries no token and its SHA-256 is the stored file's;
// 4. it prints READY, then waits (no clicks) for the upload LIVE_NAME the Java side adds to the catalog after
//    READY to appear in the in-flight list: the page polls by itself.
// Prints one JSON line of results; exit 0 only if every check held.
// Usage: node dashboard-render.js URL TOKEN FILE_NAME LIVE_NAME
const crypto = require('crypto');
const fs = require('fs');
const { chromium } = require('playwright-core');

const [url, token, fileName, liveName] = process.argv.slice(2);

async function signedIn(page) {
  return page.locator('#app').isVisible();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const result = {};
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(url);
    result.signInShownFirst = await page.locator('#signin').isVisible();
    await page.fill('#token', token);
    await page.click('#signin-form button');
    await page.waitForSelector('#files tr', { timeout: 20000 });
    result.listed = (await page.locator('#files').innerText()).includes(fileName);

    await page.reload();
    await page.waitForSelector('#files tr', { timeout: 20000 });
    result.signedInAfterReload = await signedIn(page);
    const other = await context.newPage();
    await other.goto(url);
    await other.waitForSelector('#signin:not([hidden])', { timeout: 10000 });
    result.signedInInNewTab = await signedIn(other);
    await other.close();

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 20000 }),
      page.getByRole('button', { name: new RegExp('^Download ' + fileName) }).first().click(),
    ]);
    result.downloadUrl = download.url();
    result.downloadSha256 = crypto.createHash('sha256').update(fs.readFileSync(await download.path())).digest('hex');

    console.log('READY');
    result.liveShown = false;
    for (let i = 0; i < 60 && !result.liveShown; i++) {
      result.liveShown = (await page.locator('#transfers').innerText()).includes(liveName);
      if (!result.liveShown) { await page.waitForTimeout(500); }
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
})().catch((e) => { console.error(e); process.exit(2); });
