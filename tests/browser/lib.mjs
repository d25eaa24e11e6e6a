// Shared by the browser tests: where the book is and who serves it, Debian's Chromium started the
// way this machine needs, and a watcher that records what a page did wrong (console errors,
// failed requests, requests to another host).
//
// Environment (set by `cargo xtask test` and `cargo xtask browser`, see xtask/src/site/browser.rs):
//   BOOK_DIR        the built book (default: ../../book)
//   BOOK_URL        where it is served (default: this file starts `cargo xtask serve --no-build`)
//   SCREENSHOT_DIR  where screenshots go (default: ../../target/browser-screenshots)
//   CHROMIUM        the browser (default: /usr/bin/chromium)

import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));

export const BOOK_DIR = resolve(process.env.BOOK_DIR ?? join(here, '..', '..', 'book'));
export const SCREENSHOT_DIR = resolve(process.env.SCREENSHOT_DIR ?? join(here, '..', '..', 'target', 'browser-screenshots'));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// The editions are the folders of the built book that mdBook built (they have a toc.html): the
// list is declared once, in the book crate, and the build makes one folder per edition.
if (!existsSync(BOOK_DIR)) throw new Error(`no built book in ${BOOK_DIR}: run \`cargo xtask build\` first`);
export const EDITIONS = readdirSync(BOOK_DIR)
    .filter((name) => existsSync(join(BOOK_DIR, name, 'toc.html')))
    .sort();

// Pages of an edition that are not chapters: mdBook's copy of the first chapter, the whole book on
// one page, the sidebar for readers without JavaScript, and the 404 page.
const NOT_CHAPTERS = new Set(['index.html', 'print.html', 'toc.html', '404.html']);

/** Every HTML page of the built book, as URL paths (`/ko/ch01-introduction.html`), sorted. */
export function allPages() {
    const pages = [];
    const walk = (dir) => {
        for (const name of readdirSync(dir).sort()) {
            const path = join(dir, name);
            if (statSync(path).isDirectory()) {
                walk(path);
            } else if (name.endsWith('.html')) {
                pages.push('/' + relative(BOOK_DIR, path).split(sep).join('/'));
            }
        }
    };
    walk(BOOK_DIR);
    return pages;
}

/** The chapter pages of an edition (`ch01-introduction.html`, …), sorted, from the built files. */
export function chapters(edition) {
    return readdirSync(join(BOOK_DIR, edition))
        .filter((name) => name.endsWith('.html') && !NOT_CHAPTERS.has(name))
        .sort();
}

/**
 * The book, served by the project's one static server (xtask/src/util/http.rs): at BOOK_URL when
 * xtask started it, else by `cargo xtask serve --no-build --port 0`, started here and stopped by
 * `close`. Resolves to `{ origin, close }`.
 */
export async function serveBook() {
    if (process.env.BOOK_URL) {
        return { origin: process.env.BOOK_URL.replace(/\/$/, ''), close: async () => {} };
    }
    const server = spawn('cargo', ['xtask', 'serve', '--no-build', '--port', '0'], {
        cwd: join(here, '..', '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: server.stdout });
    const origin = await new Promise((found, failed) => {
        server.on('exit', (code) => failed(new Error(`cargo xtask serve exited (${code}) before serving`)));
        lines.on('line', (line) => {
            const match = line.match(/^serving book\/ on (http:\/\/127\.0\.0\.1:\d+)\//);
            if (match) found(match[1]);
        });
    });
    return {
        origin,
        close: async () => {
            server.kill();
        },
    };
}

/**
 * Debian's Chromium, headless, with the flags this machine needs: no sandbox (CI runs as root),
 * and none of Chromium's own background connections (the network here is closed, and the book
 * must work offline anyway). playwright-core starts it with a fresh, empty
 * `--user-data-dir` of its own (a new temporary folder each launch, removed on close).
 */
export function launchBrowser() {
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
        ],
    });
}

/** Whether `url` is served by the test server (or is inline data). */
export function isLocal(url) {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
    return hostname === '127.0.0.1' || hostname === 'localhost';
}

/**
 * A browser context whose requests to another host are blocked and recorded, and a watcher that
 * records, per page, console errors, uncaught exceptions, failed requests and HTTP errors.
 * Returns `{ context, problems(page) }`; `problems(page)` lists what went wrong on `page` so far.
 */
export async function watchedContext(browser, options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const offHost = [];
    await context.route('**/*', (route) => {
        const url = route.request().url();
        if (isLocal(url)) return route.continue();
        offHost.push(url);
        return route.abort('blockedbyclient');
    });
    const seen = new WeakMap();
    context.on('page', (page) => watch(page));
    function watch(page) {
        if (seen.has(page)) return seen.get(page);
        const found = [];
        page.on('console', (message) => {
            if (message.type() === 'error') found.push(`console error: ${message.text()}`);
        });
        page.on('pageerror', (error) => found.push(`uncaught exception: ${error.message}`));
        // The document each request was made for: a request that the browser aborts because its
        // page navigated away (the favicon is fetched after `load`, and a test may click a link
        // before it arrives) failed for the test's sake, not the book's.
        const madeFor = new WeakMap();
        page.on('request', (request) => madeFor.set(request, page.url()));
        page.on('requestfailed', (request) => {
            const error = request.failure()?.errorText;
            const leftBehind = error === 'net::ERR_ABORTED' && madeFor.get(request) !== page.url();
            if (isLocal(request.url()) && !leftBehind) found.push(`request failed: ${request.url()} (${error})`);
        });
        page.on('response', (response) => {
            if (response.status() >= 400) found.push(`HTTP ${response.status()}: ${response.url()}`);
        });
        seen.set(page, found);
        return found;
    }
    return {
        context,
        problems(page) {
            const found = [...watch(page)];
            for (const url of offHost.splice(0)) found.push(`request to another host: ${url}`);
            return found;
        },
    };
}

/** Waits until the page's web fonts (KaTeX's among them) have loaded, or failed. */
export async function fontsSettled(page) {
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/**
 * What the page shows of its math: KaTeX display and inline formulas, their size on screen,
 * KaTeX errors, raw `$$` in the text (outside code), and whether KaTeX's fonts are in use.
 */
export async function mathState(page) {
    return page.evaluate(() => {
        const main = document.querySelector('main') ?? document.body;
        const formulas = [...main.querySelectorAll('.katex')];
        const html = formulas.map((f) => f.querySelector('.katex-html'));
        const isUnsized = (h) => {
            if (!h) return true;
            const box = h.getBoundingClientRect();
            return box.width === 0 || box.height === 0;
        };
        const unsized = html.filter(isUnsized).length;
        const unsizedDisplays = [...main.querySelectorAll('.katex-display > .katex')]
            .filter((f) => isUnsized(f.querySelector(':scope > .katex-html'))).length;
        // Markdown emphasis that ran through KaTeX's output: `_` (or `*`) in two inline formulas
        // of one paragraph paired up as <em>…</em>, which breaks both formulas apart.
        const mangled = [...main.querySelectorAll('.katex-mathml')]
            .filter((m) => m.querySelector('em, strong, .katex'))
            .map((m) => m.querySelector('annotation')?.textContent ?? '?');
        // The MathML copy is for screen readers: KaTeX's stylesheet must hide it visually.
        const visibleMathml = formulas.filter((f) => {
            const m = f.querySelector('.katex-mathml');
            return m && m.getBoundingClientRect().width > 2;
        }).length;
        // The reader's text without code (a chapter may show `$$` in a code block) and math.
        const copy = main.cloneNode(true);
        for (const skip of copy.querySelectorAll('pre, code, .katex')) skip.remove();
        const prose = copy.textContent;
        const fontFamily = formulas.length
            ? getComputedStyle(formulas[0]).fontFamily
            : '';
        const katexFonts = [...document.fonts].filter((f) => f.family.replaceAll('"', '').startsWith('KaTeX'));
        return {
            displays: main.querySelectorAll('.katex-display').length,
            formulas: formulas.length,
            unsized,
            unsizedDisplays,
            mangled,
            visibleMathml,
            errors: document.querySelectorAll('.katex-error').length,
            rawDollars: (prose.match(/\$\$/g) ?? []).length,
            fontFamily,
            katexFontsLoaded: katexFonts.filter((f) => f.status === 'loaded').map((f) => f.family.replaceAll('"', '')),
            katexFontsFailed: katexFonts.filter((f) => f.status === 'error').map((f) => f.family.replaceAll('"', '')),
        };
    });
}

/** Images of the page that did not load (`naturalWidth` 0), once every image has settled. */
export async function brokenImages(page) {
    return page.evaluate(async () => {
        const images = [...document.images];
        await Promise.all(images.map((img) => (img.complete ? null : new Promise((r) => {
            img.addEventListener('load', r, { once: true });
            img.addEventListener('error', r, { once: true });
        }))));
        return images.filter((img) => img.naturalWidth === 0).map((img) => img.getAttribute('src'));
    });
}

/** `problems` as one readable assertion message. */
export function report(title, problems) {
    return `${title}:\n  ${problems.join('\n  ')}`;
}

/** The chapter page of `edition` whose file name starts with `prefix` (`ch06` → `ch06-focal-loss.html`). */
export function chapterFile(edition, prefix) {
    const file = chapters(edition).find((name) => name.startsWith(`${prefix}-`));
    assert.ok(file, `no chapter ${prefix}-*.html in ${edition}`);
    return file;
}

/** Opens the search box of `page` with the keyboard shortcut and types `query`; returns the
 *  result links (URL paths), best first, once the results for `query` are shown. */
export async function searchFor(page, query) {
    const input = page.locator('#book-search .pagefind-ui__search-input');
    if (!(await input.isVisible())) {
        await page.keyboard.press('/');
        await input.waitFor({ state: 'visible' });
    }
    await input.fill('');
    await input.pressSequentially(query, { delay: 20 });
    // Results arrive asynchronously (debounced, while earlier keystrokes' searches finish): wait
    // until the summary names the query ("초점에 대한 결과 6건") and the list has stopped changing.
    let last = '';
    let stable = 0;
    const deadline = Date.now() + 10_000;
    while (stable < 3) {
        assert.ok(Date.now() < deadline, `no settled results for ${query}: ${last}`);
        await page.waitForTimeout(150);
        const state = await page.evaluate(() => JSON.stringify({
            message: document.querySelector('#book-search .pagefind-ui__message')?.textContent ?? '',
            loading: document.querySelectorAll('#book-search .pagefind-ui__loading').length,
            links: [...document.querySelectorAll('#book-search li.pagefind-ui__result')]
                .map((result) => result.querySelector('a.pagefind-ui__result-link')?.href)
                .map((href) => (href ? new URL(href).pathname : 'loading')),
        }));
        const { message, loading, links } = JSON.parse(state);
        stable = state === last && message.includes(query) && !loading && links.length && !links.includes('loading')
            ? stable + 1
            : 0;
        last = state;
    }
    return JSON.parse(last).links;
}

/**
 * One test file's browser session: registers `before` and `after` hooks that serve the book,
 * launch Chromium and (unless `watch` is false) open a watched context with `contextOptions`, and
 * create the screenshot folder. Returns an object whose `server`, `browser` and `watched` are set
 * once `before` has run; `after` closes them. A file that keeps more state registers its own
 * hooks beside this one.
 */
export function bookSession({ watch = true, contextOptions = {} } = {}) {
    const session = {};
    before(async () => {
        session.server = await serveBook();
        session.browser = await launchBrowser();
        if (watch) session.watched = await watchedContext(session.browser, contextOptions);
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
    });
    after(async () => {
        await session.browser?.close();
        await session.server?.close();
    });
    return session;
}
