// Accessibility: axe-core's rules (WCAG 2.x A and AA, and its best practices) on every page of
// the built book (every HTML file of book/, both editions, the landing page too). No serious or
// critical violation may remain; the counts of every impact are printed and written to
// SCREENSHOT_DIR/accessibility.json. axe-core is pinned in package.json and injected from
// node_modules (nothing is fetched).

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    SCREENSHOT_DIR, allPages, bookSession, report,
} from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const FAILING = new Set(['serious', 'critical']);

const counts = {};

const session = bookSession();

after(() => {
    writeFileSync(join(SCREENSHOT_DIR, 'accessibility.json'), `${JSON.stringify(counts, null, 2)}\n`);
    const total = {};
    for (const page of Object.values(counts)) {
        for (const [impact, n] of Object.entries(page)) total[impact] = (total[impact] ?? 0) + n;
    }
    console.log(`axe-core violations over ${Object.keys(counts).length} pages, by impact: ${JSON.stringify(total)}`);
});

// Two pages at a time: axe runs in the page, so two renderers use the machine's two cores.
describe('axe-core on every page: no serious or critical violation', { concurrency: 2 }, () => {
    for (const path of allPages()) {
        test(path, async () => {
            const page = await session.watched.context.newPage();
            try {
                await page.goto(session.server.origin + path, { waitUntil: 'load' });
                await page.addScriptTag({ path: AXE });
                const violations = await page.evaluate(async () => {
                    // KaTeX's glyph boxes are aria-hidden: assistive technology reads the MathML
                    // next to them, which stays and is checked. Removed before the run, they
                    // would otherwise be most of the page (15 000 elements in Chapter 7) and
                    // triple axe's time; their colour is checked by the dark-theme test.
                    for (const glyphs of document.querySelectorAll('.katex-html[aria-hidden="true"]')) glyphs.remove();
                    const result = await window.axe.run(document, { resultTypes: ['violations'] });
                    return result.violations.map((v) => ({
                        id: v.id,
                        impact: v.impact,
                        help: v.help,
                        nodes: v.nodes.map((n) => n.target.join(' ')),
                    }));
                });
                counts[path] = {};
                for (const v of violations) counts[path][v.impact] = (counts[path][v.impact] ?? 0) + v.nodes.length;
                const problems = violations
                    .filter((v) => FAILING.has(v.impact))
                    .map((v) => `${v.impact} ${v.id} (${v.help}), ${v.nodes.length} node(s): ${v.nodes.slice(0, 3).join(' | ')}`);
                problems.push(...session.watched.problems(page));
                assert.deepEqual(problems, [], report(path, problems));
            } finally {
                await page.close();
            }
        });
    }
});

describe('the keyboard alone', () => {
    for (const edition of ['ko', 'en']) {
        test(`${edition}: the focal-loss explorer and the sidebar toggle work without a mouse, and say what changed`, async () => {
            const page = await session.watched.context.newPage();
            try {
                await page.goto(`${session.server.origin}/${edition}/ch06-focal-loss.html`, { waitUntil: 'load' });
                // The sidebar toggle: focus it, press Enter, the sidebar closes (or opens).
                const visible = () => page.evaluate(() => document.documentElement.classList.contains('sidebar-visible'));
                const before = await visible();
                await page.focus('#mdbook-sidebar-toggle');
                await page.keyboard.press('Enter');
                await page.waitForFunction((b) => document.documentElement.classList.contains('sidebar-visible') !== b, before);
                // The explorer: Tab reaches the γ slider, the arrow keys move it, the image and its
                // description change, the slider says γ, and the live region reads the new figure.
                const gamma = page.locator('#focal-explorer-gamma');
                await gamma.focus();
                const src = await page.getAttribute('#focal-explorer-image', 'src');
                await page.keyboard.press('ArrowRight');
                const state = await page.evaluate(() => ({
                    focused: document.activeElement?.id,
                    src: document.getElementById('focal-explorer-image').getAttribute('src'),
                    alt: document.getElementById('focal-explorer-image').alt,
                    valuetext: document.getElementById('focal-explorer-gamma').getAttribute('aria-valuetext'),
                    label: document.getElementById('focal-explorer-gamma').labels[0]?.textContent,
                    live: document.getElementById('focal-explorer-status').getAttribute('aria-live'),
                    said: document.getElementById('focal-explorer-status').textContent,
                }));
                assert.equal(state.focused, 'focal-explorer-gamma');
                assert.notEqual(state.src, src, 'ArrowRight on the γ slider did not change the image');
                assert.match(state.valuetext, /^γ = [\d.]+$/);
                assert.ok(state.alt.includes(state.valuetext), `the image's description does not name ${state.valuetext}: ${state.alt}`);
                assert.ok(state.label?.startsWith('γ'), `the γ slider's label: ${state.label}`);
                assert.equal(state.live, 'polite');
                assert.equal(state.said, state.alt, 'the live region does not read the new figure');
                // Tab moves on to the α slider.
                await page.keyboard.press('Tab');
                assert.equal(await page.evaluate(() => document.activeElement?.id), 'focal-explorer-alpha');
                const problems = session.watched.problems(page);
                assert.deepEqual(problems, [], report(`${edition} keyboard`, problems));
            } finally {
                await page.close();
            }
        });
    }
});
