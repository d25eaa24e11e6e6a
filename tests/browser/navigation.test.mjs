// What a reader does besides reading: switch language on a chapter, pick a dark theme, print.
//
// - The language switch of every chapter, clicked, lands on the same chapter in the other edition.
// - A dark theme chosen with mdBook's theme menu shows the math in a readable colour, and stays
//   chosen on the next page; a screenshot of it goes to SCREENSHOT_DIR/dark-<edition>.png.
// - print.html shows every display formula of the edition typeset, on screen and for print;
//   a screenshot of its print rendering goes to SCREENSHOT_DIR/print-<edition>.png.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    BOOK_DIR, EDITIONS, SCREENSHOT_DIR, bookSession, chapters, fontsSettled, mathState, report,
} from './lib.mjs';

const session = bookSession();

const other = (edition) => EDITIONS.find((e) => e !== edition);

const displaysIn = (edition, name) =>
    (readFileSync(join(BOOK_DIR, edition, name), 'utf8').match(/class="katex-display"/g) ?? []).length;

/** The chapter of `edition` with the most display formulas. */
function mathChapter(edition) {
    return chapters(edition)
        .map((name) => [name, displaysIn(edition, name)])
        .sort((a, b) => b[1] - a[1])[0][0];
}

describe('the language switch lands on the same chapter in the other edition', () => {
    for (const edition of EDITIONS) {
        for (const name of chapters(edition)) {
            test(`${edition}/${name} → ${other(edition)}/${name}`, async () => {
                const page = await session.watched.context.newPage();
                try {
                    // Until the network is idle: the favicon loads after the `load` event, and a
                    // click before it has loaded aborts its request (a failure of the test, not of the book).
                    await page.goto(`${session.server.origin}/${edition}/${name}`, { waitUntil: 'networkidle' });
                    // A real click: the link must be visible and not covered by the menu bar.
                    await page.click('.lang-switch-link');
                    await page.waitForURL((url) => url.pathname !== `/${edition}/${name}`);
                    assert.equal(new URL(page.url()).pathname, `/${other(edition)}/${name}`);
                    assert.equal(await page.getAttribute('html', 'lang'), other(edition));
                    const problems = session.watched.problems(page);
                    assert.deepEqual(problems, [], report(name, problems));
                } finally {
                    await page.close();
                }
            });
        }
    }
});

/** WCAG contrast ratio of two `rgb(…)` colours. */
function contrast(a, b) {
    const luminance = (css) => {
        const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
            const s = c / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
}

describe('dark theme renders the math', () => {
    const themes = { ko: 'navy', en: 'coal' };
    for (const edition of EDITIONS) {
        test(`${edition}: ${themes[edition]} theme`, async () => {
            const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
            const page = await context.newPage();
            try {
                const name = mathChapter(edition);
                await page.goto(`${session.server.origin}/${edition}/${name}`);
                // As a reader does it: the theme button, then the theme.
                await page.click('#mdbook-theme-toggle');
                await page.click(`#mdbook-theme-${themes[edition]}`);
                assert.ok(await page.evaluate((t) => document.documentElement.classList.contains(t), themes[edition]));
                // The choice is remembered: reload and check the math in the dark theme.
                await page.reload();
                await fontsSettled(page);
                assert.ok(await page.evaluate((t) => document.documentElement.classList.contains(t), themes[edition]));
                const math = await mathState(page);
                assert.ok(math.displays > 0 && math.unsizedDisplays === 0 && math.errors === 0, JSON.stringify(math));
                const colours = await page.evaluate(() => ({
                    math: getComputedStyle(document.querySelector('main .katex-display .katex-html')).color,
                    background: getComputedStyle(document.querySelector('.page-wrapper')).backgroundColor,
                    body: getComputedStyle(document.body).backgroundColor,
                }));
                const background = colours.background.startsWith('rgba(0, 0, 0, 0)') ? colours.body : colours.background;
                const ratio = contrast(colours.math, background);
                assert.ok(ratio >= 4.5, `math ${colours.math} on ${background}: contrast ${ratio.toFixed(1)} < 4.5`);
                await page.locator('main .katex-display').first().scrollIntoViewIfNeeded();
                await page.screenshot({ path: join(SCREENSHOT_DIR, `dark-${edition}.png`) });
            } finally {
                await context.close();
            }
        });
    }
});

describe('the print page renders the math', () => {
    for (const edition of EDITIONS) {
        test(`${edition}/print.html`, async () => {
            const page = await session.watched.context.newPage();
            try {
                await page.emulateMedia({ media: 'print' });
                await page.goto(`${session.server.origin}/${edition}/print.html`, { waitUntil: 'load' });
                await fontsSettled(page);
                const expected = chapters(edition).reduce((sum, name) => sum + displaysIn(edition, name), 0);
                const math = await mathState(page);
                const problems = session.watched.problems(page);
                if (math.displays !== expected) problems.push(`${math.displays} display formulas, chapters have ${expected}`);
                // (Inline formulas are checked page by page in pages.test.mjs, print.html included.)
                if (math.unsizedDisplays || math.errors || math.rawDollars || math.visibleMathml) {
                    problems.push(JSON.stringify(math));
                }
                if (!math.katexFontsLoaded.includes('KaTeX_Main')) problems.push('KaTeX_Main did not load');
                // The menu bar, the search panel and the language switch are not printed.
                const printed = await page.evaluate(() =>
                    ['#mdbook-menu-bar', '#book-search', '#mdbook-sidebar', '.lang-switch']
                        .filter((s) => document.querySelector(s))
                        .filter((s) => getComputedStyle(document.querySelector(s)).display !== 'none'));
                if (printed.length) problems.push(`printed: ${printed.join(', ')}`);
                await page.locator('main .katex-display').first().scrollIntoViewIfNeeded();
                await page.screenshot({ path: join(SCREENSHOT_DIR, `print-${edition}.png`) });
                assert.deepEqual(problems, [], report(`${edition}/print.html`, problems));
            } finally {
                await page.close();
            }
        });
    }
});
