// Measures what a reader waits for and downloads, prints it, and writes it to
// SCREENSHOT_DIR/metrics.json:
//
// - time until a chapter's math is visible, with JavaScript OFF (math is pre-rendered: no script
//   may be needed), on loopback and over a throttled link (150 ms round trip, 1.6 Mbit/s down:
//   Lighthouse's mobile setting). KaTeX's fonts load with `font-display: auto`, so a formula shows
//   its glyphs once the fonts it uses have arrived: "math visible" is the later of the first
//   contentful paint and the last KaTeX font to finish loading;
// - every page's total bytes (all its requests, empty cache), the heaviest page, and the same
//   with gzip as a web server would send it;
// - the search index per edition on disk, and what the first search of a reader downloads.
//
// The budgets below only catch regressions by a wide margin; the numbers themselves are the report.

import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, test } from 'node:test';

import {
    BOOK_DIR, EDITIONS, SCREENSHOT_DIR, allPages, bookSession, chapters, fontsSettled, mathState,
} from './lib.mjs';

const BUDGET = {
    // Loopback, JavaScript off: a chapter's math must show well within a second or two.
    mathVisibleLoopbackMs: 3000,
    // The heaviest chapter (not print.html, which is the whole book), uncompressed.
    heaviestChapterBytes: 2_500_000,
    // What one edition's first search downloads (Pagefind's UI, its WebAssembly, index chunks).
    firstSearchBytes: 1_000_000,
};

const THROTTLED = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

const metrics = { mathVisible: {}, pages: {}, heaviest: {}, search: {} };
const session = bookSession({ watch: false });

after(() => {
    writeFileSync(join(SCREENSHOT_DIR, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
    console.log(`metrics: ${join(SCREENSHOT_DIR, 'metrics.json')}`);
});

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

/** The chapter of `edition` with the most display formulas in its built page. */
async function mathHeaviestChapter(edition) {
    const page = await session.browser.newPage();
    try {
        let best = null;
        for (const name of chapters(edition)) {
            await page.goto(`${session.server.origin}/${edition}/${name}`, { waitUntil: 'domcontentloaded' });
            const count = await page.evaluate(() => document.querySelectorAll('main .katex-display').length);
            if (!best || count > best.count) best = { name, count };
        }
        return best;
    } finally {
        await page.close();
    }
}

/** Loads `url` in a fresh context with JavaScript off, optionally throttled; returns timings. */
async function mathTimings(url, throttled) {
    const context = await session.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
        const page = await context.newPage();
        if (throttled) {
            const cdp = await context.newCDPSession(page);
            await cdp.send('Network.enable');
            await cdp.send('Network.emulateNetworkConditions', THROTTLED);
        }
        await page.goto(url, { waitUntil: 'load' });
        await fontsSettled(page);
        const math = await mathState(page);
        const timing = await page.evaluate(() => {
            const navigation = performance.getEntriesByType('navigation')[0];
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            const fonts = performance.getEntriesByType('resource').filter((r) => r.name.includes('/katex/fonts/'));
            return {
                firstContentfulPaint: paint?.startTime ?? null,
                domContentLoaded: navigation.domContentLoadedEventEnd,
                load: navigation.loadEventEnd,
                lastKatexFont: Math.max(0, ...fonts.map((f) => f.responseEnd)),
                katexFonts: fonts.length,
            };
        });
        const round = (ms) => (ms === null ? null : Math.round(ms));
        return {
            mathVisible: round(Math.max(timing.firstContentfulPaint ?? Infinity, timing.lastKatexFont)),
            firstContentfulPaint: round(timing.firstContentfulPaint),
            domContentLoaded: round(timing.domContentLoaded),
            load: round(timing.load),
            katexFonts: timing.katexFonts,
            typesetWithoutScript: math.displays > 0 && math.unsizedDisplays === 0,
        };
    } finally {
        await context.close();
    }
}

describe('time until a chapter\'s math is visible (JavaScript off)', () => {
    for (const edition of EDITIONS) {
        test(edition, async (t) => {
            const { name, count } = await mathHeaviestChapter(edition);
            const url = `${session.server.origin}/${edition}/${name}`;
            // Loopback timings are short and this machine may be busy: the median of three loads.
            const runs = [];
            for (let run = 0; run < 3; run++) runs.push(await mathTimings(url, false));
            const loopback = runs.sort((a, b) => a.mathVisible - b.mathVisible)[1];
            const throttled = await mathTimings(url, true);
            metrics.mathVisible[edition] = { chapter: name, displayFormulas: count, loopback, throttled };
            t.diagnostic(`${edition}/${name} (${count} display formulas), math visible: `
                + `${loopback.mathVisible} ms loopback, ${throttled.mathVisible} ms throttled `
                + `(first paint ${throttled.firstContentfulPaint} ms, DOMContentLoaded ${throttled.domContentLoaded} ms)`);
            assert.ok(loopback.typesetWithoutScript, 'math is not typeset with JavaScript off');
            assert.ok(throttled.typesetWithoutScript, 'math is not typeset with JavaScript off (throttled)');
            assert.ok(loopback.mathVisible < BUDGET.mathVisibleLoopbackMs, JSON.stringify(loopback));
        });
    }
});

/** Bytes of every response of `path`, loaded in a fresh context (empty cache). */
async function pageBytes(path) {
    const context = await session.browser.newContext();
    try {
        const page = await context.newPage();
        const responses = [];
        page.on('response', (response) => responses.push(response));
        await page.goto(session.server.origin + path, { waitUntil: 'load' });
        await fontsSettled(page);
        let bytes = 0;
        let gzipped = 0;
        const byType = {};
        for (const response of responses) {
            const body = await response.body().catch(() => Buffer.alloc(0));
            const type = (response.headers()['content-type'] ?? 'other').split(/[;/]/)[1] ?? 'other';
            const compressible = /html|css|javascript|json|svg/.test(response.headers()['content-type'] ?? '');
            bytes += body.length;
            gzipped += compressible ? gzipSync(body).length : body.length;
            byType[type] = (byType[type] ?? 0) + body.length;
        }
        return { bytes, gzipped, requests: responses.length, byType };
    } finally {
        await context.close();
    }
}

describe('page weight', () => {
    test('every page of both editions, heaviest first', async (t) => {
        for (const path of allPages()) metrics.pages[path] = await pageBytes(path);
        const sorted = Object.entries(metrics.pages).sort((a, b) => b[1].bytes - a[1].bytes);
        const isChapter = ([path]) => {
            const [, edition, name] = path.split('/');
            return EDITIONS.includes(edition) && chapters(edition).includes(name);
        };
        const [heaviestPath, heaviest] = sorted[0];
        const [chapterPath, chapter] = sorted.find(isChapter);
        metrics.heaviest = { page: heaviestPath, ...heaviest, chapter: chapterPath, chapterBytes: chapter };
        for (const [path, weight] of sorted.slice(0, 5)) {
            t.diagnostic(`${path}: ${kB(weight.bytes)} in ${weight.requests} requests (${kB(weight.gzipped)} gzipped)`);
        }
        t.diagnostic(`heaviest chapter ${chapterPath}: ${kB(chapter.bytes)} `
            + `(${Object.entries(chapter.byType).map(([k, v]) => `${k} ${kB(v)}`).join(', ')})`);
        assert.ok(chapter.bytes < BUDGET.heaviestChapterBytes, `${chapterPath}: ${chapter.bytes} bytes`);
    });
});

/** Total size of the files under `dir`, and of those whose name matches `pattern`. */
function sizeOf(dir, pattern = /./) {
    let total = 0;
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const stat = statSync(path);
        if (stat.isDirectory()) total += sizeOf(path, pattern.test(name) ? /./ : pattern);
        else if (pattern.test(name)) total += stat.size;
    }
    return total;
}

describe('search index size per edition', () => {
    for (const edition of EDITIONS) {
        test(edition, async (t) => {
            const dir = join(BOOK_DIR, edition, 'pagefind');
            const onDisk = sizeOf(dir);
            // The index proper: word index chunks, page fragments, metadata, the search WebAssembly.
            const index = sizeOf(dir, /^(index|fragment)$|\.pf_meta$|^wasm\./);
            // What a reader's first search downloads: open the box, type a word.
            const context = await session.browser.newContext();
            try {
                const page = await context.newPage();
                await page.goto(`${session.server.origin}/${edition}/${chapters(edition)[0]}`, { waitUntil: 'load' });
                let downloaded = 0;
                page.on('response', async (response) => {
                    if (response.url().includes('/pagefind/')) downloaded += (await response.body().catch(() => '')).length;
                });
                await page.keyboard.press('/');
                const input = page.locator('#book-search .pagefind-ui__search-input');
                await input.waitFor({ state: 'visible' });
                await input.fill(edition === 'ko' ? '손실' : 'loss');
                await page.waitForSelector('#book-search .pagefind-ui__result-link');
                await page.waitForLoadState('networkidle');
                metrics.search[edition] = { onDisk, index, firstSearchDownloads: downloaded };
                t.diagnostic(`${edition}: book/${edition}/pagefind ${kB(onDisk)} on disk, index ${kB(index)}, `
                    + `first search downloads ${kB(downloaded)}`);
                assert.ok(downloaded > 0 && downloaded < BUDGET.firstSearchBytes, `${downloaded} bytes`);
            } finally {
                await context.close();
            }
        });
    }
});
