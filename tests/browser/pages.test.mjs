// Every page of both editions (every HTML file of book/, the landing page too), loaded in
// Chromium: no console error, no failed request, nothing fetched from another host; `<html lang>`
// of its edition; every display formula of the page typeset with KaTeX's stylesheet and fonts
// (on screen, no KaTeX error, no raw `$$`, MathML hidden); every image loaded. A full-page
// screenshot of every chapter goes to SCREENSHOT_DIR/<edition>/<chapter>.png.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import {
    BOOK_DIR, EDITIONS, SCREENSHOT_DIR, allPages, bookSession, brokenImages, chapters, fontsSettled, mathState, report,
} from './lib.mjs';

const session = bookSession();

before(() => {
    for (const edition of EDITIONS) mkdirSync(join(SCREENSHOT_DIR, edition), { recursive: true });
    console.log(`screenshots: ${SCREENSHOT_DIR}`);
});

/** `<span class="katex-display">` elements in a built file: what the page must show. */
function displaysInFile(path) {
    return (readFileSync(join(BOOK_DIR, path), 'utf8').match(/class="katex-display"/g) ?? []).length;
}

/** Problems with the math of a loaded page that has `expected` display formulas. */
async function mathProblems(page, expected) {
    const math = await mathState(page);
    const problems = [];
    if (math.displays !== expected) problems.push(`${math.displays} display formulas shown, ${expected} in the page`);
    if (math.errors) problems.push(`${math.errors} KaTeX error(s)`);
    if (math.rawDollars) problems.push(`${math.rawDollars} raw $$ in the visible text`);
    if (math.mangled.length) {
        problems.push(`${math.mangled.length} formula(s) broken by Markdown emphasis: \`_\` or \`*\` in two inline `
            + `formulas of one paragraph became <em>…</em> across the KaTeX output; TeX: ${math.mangled.join(' | ')}`);
    } else if (math.unsized) {
        problems.push(`${math.unsized} formula(s) with no size on screen (KaTeX stylesheet missing?)`);
    }
    if (math.visibleMathml) problems.push(`${math.visibleMathml} formula(s) show their MathML copy too`);
    if (math.formulas > 0) {
        if (!math.fontFamily.includes('KaTeX_Main')) problems.push(`math is set in ${math.fontFamily}, not KaTeX_Main`);
        if (!math.katexFontsLoaded.includes('KaTeX_Main')) problems.push('the KaTeX_Main font did not load');
        if (math.katexFontsFailed.length) problems.push(`KaTeX fonts failed: ${math.katexFontsFailed.join(', ')}`);
    }
    return { math, problems };
}

for (const edition of EDITIONS) {
    test(`${edition}: the edition has display math to test`, () => {
        const total = chapters(edition).reduce((sum, name) => sum + displaysInFile(join(edition, name)), 0);
        assert.ok(total > 0, `no chapter of ${edition} has a display formula`);
    });
}

describe('every page of both editions', () => {
    for (const path of allPages()) {
        const [, edition, name] = path.split('/');
        const chapter = EDITIONS.includes(edition) && chapters(edition).includes(name);
        test(path, async () => {
            const page = await session.watched.context.newPage();
            try {
                await page.goto(session.server.origin + path, { waitUntil: 'load' });
                await fontsSettled(page);
                const { math, problems } = await mathProblems(page, displaysInFile(path.slice(1)));
                problems.unshift(...session.watched.problems(page));
                for (const src of await brokenImages(page)) problems.push(`image did not load: ${src}`);
                if (EDITIONS.includes(edition)) {
                    const lang = await page.getAttribute('html', 'lang');
                    if (lang !== edition) problems.push(`<html lang="${lang}">, not ${edition}`);
                }
                if (math.formulas > 0) {
                    // KaTeX's italic math font where KaTeX set it: the glyphs are KaTeX's own.
                    const mathFont = await page.evaluate(() => {
                        const glyph = document.querySelector('main .katex-html .mathnormal');
                        return glyph ? getComputedStyle(glyph).fontFamily : 'KaTeX_Math';
                    });
                    if (!mathFont.includes('KaTeX_Math')) problems.push(`math italic is set in ${mathFont}`);
                }
                if (chapter) {
                    const file = join(SCREENSHOT_DIR, edition, name.replace(/\.html$/, '.png'));
                    await page.screenshot({ path: file, fullPage: true });
                }
                assert.deepEqual(problems, [], report(path, problems));
            } finally {
                await page.close();
            }
        });
    }
});
