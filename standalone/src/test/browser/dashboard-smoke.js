// Drives the dashboard in headless Chromium at laptop and phone sizes: sign in, the files table lists the file, its
// detail view shows checksum, user_data and locations, the throughput chart draws from /metrics, the since/until
// filter narrows the list, an API error is shown in the page (never an alert()), every visible button has an
// accessible name, and the layout neither overflows horizontally nor uses unreadably small text. Screenshots of
// each size go to SHOTS_DIR; PROBLEM is the text of a failed upload the problems list must show (with a reason).
// At laptop size it also aborts the in-flight upload ABORT_NAME of ABORT_CLIENT with the admin's Abort button,
// waits for it to show up as aborted, and for the files list to reload by itself once the upload left the list.
// Usage: node dashboard-smoke.js URL TOKEN FILE_NAME SHA256 USER_DATA_KEY PROBLEM ABORT_CLIENT ABORT_NAME SHOTS_DIR
// Needs playwright-core on NODE_PATH and Chromium at $CHROMIUM (default /usr/bin/chromium); .ci/run installs both.
const { chromium } = require('playwright-core');

const [url, token, fileName, sha256, userDataKey, problem, abortClient, abortName, shotsDir] = process.argv.slice(2);

async function layout(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const problems = [];
    if (document.documentElement.scrollWidth > width) {
      problems.push(`page scrolls horizontally: ${document.documentElement.scrollWidth} > ${width}`);
    }
    for (const node of document.querySelectorAll('main *, header *')) {
      const rect = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden') { continue; }
      if (rect.right > width + 1 || rect.left < -1) {
        problems.push(`${node.tagName.toLowerCase()}#${node.id}.${node.className.baseVal ?? node.className} `
          + `sticks out: ${Math.round(rect.left)}..${Math.round(rect.right)} of ${width}`);
      }
      const hasText = [...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
      if (hasText && parseFloat(style.fontSize) < 11) {
        problems.push(`text too small (${style.fontSize}) in ${node.tagName.toLowerCase()}: ${node.textContent.trim().slice(0, 30)}`);
      }
    }
    for (const button of document.querySelectorAll('button')) {
      if (button.offsetParent !== null && !(button.getAttribute('aria-label') || button.textContent.trim())) {
        problems.push(`button without an accessible name: ${button.outerHTML.slice(0, 80)}`);
      }
    }
    return problems;
  });
}

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
      const dialogs = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('500')) { errors.push(m.text()); } });
      page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
      await page.goto(url);
      await page.fill('#token', token);
      await page.click('#signin-form button');
      await page.waitForSelector('#files tr', { timeout: 20000 });
      const listed = (await page.locator('#files').innerText()).includes(fileName);

      await page.getByRole('button', { name: new RegExp('^Details of ' + fileName) }).first().click();
      await page.waitForSelector('#detail-fields dd', { timeout: 10000 });
      const detail = await page.locator('#detail').innerText();
      const detailShown = detail.includes(sha256) && detail.includes(userDataKey) && detail.includes('local:');

      // Two metric samples make one rate point; polls run every 2 s. (No waitForFunction: the page's CSP forbids
      // the eval it relies on.)
      for (let i = 0; i < 30; i++) {
        const points = await page.locator('#throughput-in').getAttribute('points');
        if (points && points.trim()) { break; }
        await page.waitForTimeout(500);
      }
      const chart = {
        drawn: ((await page.locator('#throughput-in').getAttribute('points')) || '').trim() !== '',
        missingNote: await page.locator('#throughput-missing').isVisible(),
        label: await page.locator('#throughput-now').innerText(),
      };
      await page.waitForSelector('#problems li', { timeout: 15000 });
      const problemsText = await page.locator('#problems').innerText();
      const problemListed = problemsText.includes(problem) && problemsText.includes('checksum_mismatch');
      // Sorting by size: the first click sorts descending, the second ascending (laptop only: phones hide headers).
      let sortsBySize = true;
      if (name === 'laptop') {
        const sizes = async () => (await page.locator('#files td.num').evaluateAll(
          (cells) => cells.map((c) => parseInt(c.getAttribute('title'), 10))));
        await page.getByRole('button', { name: 'Size' }).click();
        const down = await sizes();
        await page.getByRole('button', { name: 'Size' }).click();
        const up = await sizes();
        const ordered = (list, sign) => list.every((v, i) => i === 0 || sign * (v - list[i - 1]) >= 0);
        sortsBySize = down.length >= 2 && ordered(down, -1) && ordered(up, 1)
          && down[0] !== up[0] && (await page.locator('th[aria-sort=ascending]').count()) === 1;
      }
      let aborted = true;
      let filesRefreshed = true;
      if (name === 'laptop') {
        await page.waitForTimeout(1100); // the files' "Updated hh:mm:ss" must be able to change
        const filesBefore = await page.locator('#files-status').innerText();
        const abort = page.getByRole('button', { name: `Abort upload ${abortName} of client ${abortClient}` });
        await abort.click();
        await abort.click();
        aborted = false;
        for (let i = 0; i < 40 && !aborted; i++) {
          const text = await page.locator('#problems').innerText();
          aborted = text.includes(abortClient + ' / ') && text.includes('aborted');
          if (!aborted) { await page.waitForTimeout(500); }
        }
        // The upload left the in-flight list, so the files list reloads by itself.
        filesRefreshed = false;
        for (let i = 0; i < 20 && !filesRefreshed; i++) {
          filesRefreshed = (await page.locator('#files-status').innerText()) !== filesBefore;
          if (!filesRefreshed) { await page.waitForTimeout(500); }
        }
      }
      const layoutProblems = await layout(page);
      await page.screenshot({ path: `${shotsDir}/dashboard-${name}.png`, fullPage: true });

      await page.fill('#q-since', '2999-01-01T00:00');
      await page.click('#search button[type=submit]');
      await page.waitForSelector('#files-empty:not([hidden])', { timeout: 10000 });
      await page.fill('#q-since', '');

      await page.route('**/api/v1/files?*', (route) => route.fulfill({ status: 500, contentType: 'application/json',
        body: JSON.stringify({ error: { message: 'catalog unavailable (test)' } }) }), { times: 1 });
      await page.click('#search button[type=submit]');
      await page.waitForSelector('#files-error:not([hidden])', { timeout: 10000 });
      const errorInPage = (await page.locator('#files-error').innerText()).includes('catalog unavailable (test)');

      results.push({ name, listed, detailShown, problemListed, sortsBySize, aborted, filesRefreshed, chartDrawn: chart.drawn && !chart.missingNote, chartLabel: chart.label,
        sinceFilters: true, errorInPage, dialogs, layoutProblems, errors });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(results));
  const ok = results.every((r) => r.listed && r.detailShown && r.problemListed && r.sortsBySize && r.aborted && r.filesRefreshed && r.chartDrawn && r.errorInPage
    && r.dialogs.length === 0 && r.layoutProblems.length === 0 && r.errors.length === 0);
  process.exit(ok ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(2); });
