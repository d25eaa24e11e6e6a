// Phones and narrow windows: every chapter of both editions at 320, 390 and 430 px wide.
//
// - The page never scrolls sideways (`document.scrollingElement.scrollWidth` ≤ the window's
//   width): a display formula or table wider than the column scrolls inside its own block.
// - The menu bar's items (the buttons, the book's title, the notebook and language links, the
//   print button) do not overlap and lie inside the window; the language and notebook links are
//   visible and are what a tap at their centre hits.
// - Korean text breaks lines between words, at spaces: no run of Hangul syllables that fits on a
//   line of its block is split across two lines (by default a browser may break between any two
//   syllables, as it does in Chinese and Japanese, and "소프트맥스" comes out as "소프/트맥/스").
//
// A full-page screenshot of every chapter at 390 px goes to SCREENSHOT_DIR/390/<edition>/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import {
    EDITIONS, SCREENSHOT_DIR, bookSession, chapters, fontsSettled, report,
} from './lib.mjs';

const WIDTHS = [320, 390, 430];
const SCREENSHOT_WIDTH = 390;

const session = bookSession({ contextOptions: { viewport: { width: WIDTHS[0], height: 800 }, isMobile: true, hasTouch: true } });

before(() => {
    for (const edition of EDITIONS) mkdirSync(join(SCREENSHOT_DIR, String(SCREENSHOT_WIDTH), edition), { recursive: true });
});

/** What is wrong with the layout of the page at its current width. */
async function layoutProblems(page, windowWidth) {
    return page.evaluate((windowWidth) => {
        const problems = [];
        // The width asked for: a phone browser (isMobile) widens its layout viewport, and so
        // `innerWidth`, to a page that is too wide, then shows it zoomed out.
        const width = Math.min(window.innerWidth, windowWidth);
        const scrollWidth = document.scrollingElement.scrollWidth;
        if (scrollWidth > width) {
            // Name the widest block that sticks out, to say what to fix.
            const wide = [...document.querySelectorAll('main > *, main blockquote > *')]
                .filter((el) => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')
                .map((el) => `<${el.localName}.${el.className}>`);
            problems.push(`the page scrolls sideways: ${scrollWidth} px wide in a ${width} px window (${wide.slice(0, 3).join(', ') || 'no block of <main>'})`);
        }
        const bar = document.getElementById('mdbook-menu-bar');
        // The language and notebook links are drawn over the bar, wherever they are in the page.
        const candidates = new Set([...bar.querySelectorAll('.left-buttons > *, .menu-title, .right-buttons > *, .right-buttons a'), ...document.querySelectorAll('.lang-switch a')]);
        const items = [...candidates]
            .filter((el) => !el.matches('nav'))
            .filter((el) => getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden')
            .filter((el) => !el.matches('.theme-popup'))
            .map((el) => ({ name: `<${el.localName}${el.id ? `#${el.id}` : ''}.${el.className}>`, el, box: el.getBoundingClientRect() }))
            .filter(({ box }) => box.width > 0 && box.height > 0);
        // Only the innermost of nested items (the print link inside .right-buttons is itself an item).
        const leaves = items.filter(({ el }) => !items.some((other) => other.el !== el && el.contains(other.el)));
        for (const { name, box } of leaves) {
            if (box.left < 0 || box.right > width) problems.push(`${name} outside the window: ${Math.round(box.left)}–${Math.round(box.right)} px`);
        }
        for (let i = 0; i < leaves.length; i += 1) {
            for (let j = i + 1; j < leaves.length; j += 1) {
                const [a, b] = [leaves[i].box, leaves[j].box];
                const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const vertical = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                if (overlap > 0.5 && vertical > 0.5) problems.push(`${leaves[i].name} and ${leaves[j].name} overlap by ${overlap.toFixed(1)} px`);
            }
        }
        if (document.documentElement.lang === 'ko') {
            const broken = [];
            const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (node.parentElement.closest('pre, code, .katex')) continue;
                for (const match of node.data.matchAll(/[\uAC00-\uD7A3]+/g)) {
                    const range = document.createRange();
                    range.setStart(node, match.index);
                    range.setEnd(node, match.index + match[0].length);
                    const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
                    if (boxes.length < 2) continue;
                    // Joined to an element without a space (`….json`에서), the word is part of a
                    // longer unit, which may be wider than the line.
                    const end = match.index + match[0].length;
                    if ((match.index === 0 && node.previousSibling) || (end === node.data.length && node.nextSibling)) continue;
                    const top = Math.min(...boxes.map((box) => box.top));
                    const split = boxes.some((box) => box.top >= top + box.height / 2);
                    // A word wider than its block's line has to break somewhere.
                    const block = node.parentElement.closest('p, li, td, th, h1, h2, h3, h4, h5, figcaption, dd, dt') ?? node.parentElement;
                    const wide = boxes.reduce((sum, box) => sum + box.width, 0);
                    if (split && wide <= block.clientWidth) broken.push(`"${match[0]}" in <${block.localName}>`);
                }
            }
            if (broken.length > 0) {
                problems.push(`${broken.length} Korean words broken across lines: ${broken.slice(0, 4).join(', ')}${broken.length > 4 ? ', …' : ''}`);
            }
        }
        for (const selector of ['.lang-switch-link', '.notebook-link']) {
            const link = document.querySelector(selector);
            if (!link) continue; // pages without a notebook have no notebook link
            const box = link.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            if (box.width === 0 || !(hit === link || link.contains(hit))) {
                problems.push(`${selector} cannot be tapped: ${box.width ? `a tap at its centre hits <${hit?.localName}.${hit?.className}>` : 'not shown'}`);
            }
        }
        return problems;
    }, windowWidth);
}

// Two pages at a time: the machine has two cores, and the full-page screenshots take most of the time.
describe('narrow windows: no sideways scroll, no overlap in the menu bar', { concurrency: 2 }, () => {
    for (const edition of EDITIONS) {
        for (const name of chapters(edition)) {
            test(`${edition}/${name} at ${WIDTHS.join(', ')} px`, async () => {
                const page = await session.watched.context.newPage();
                try {
                    await page.goto(`${session.server.origin}/${edition}/${name}`, { waitUntil: 'load' });
                    await fontsSettled(page);
                    const problems = [];
                    for (const width of WIDTHS) {
                        await page.setViewportSize({ width, height: 800 });
                        for (const problem of await layoutProblems(page, width)) problems.push(`${width} px: ${problem}`);
                        if (width === SCREENSHOT_WIDTH) {
                            const file = join(SCREENSHOT_DIR, String(SCREENSHOT_WIDTH), edition, name.replace(/\.html$/, '.png'));
                            await page.screenshot({ path: file, fullPage: true });
                        }
                    }
                    problems.push(...session.watched.problems(page));
                    assert.deepEqual(problems, [], report(`${edition}/${name}`, problems));
                } finally {
                    await page.close();
                }
            });
        }
    }
});
