// Search, as a reader uses it: open the search box (the menu bar's search button, or `/`), type a
// query, and the chapter about it comes first, in Korean and in English.
//
// Pagefind indexes each edition separately (xtask/src/site/search.rs). Korean words carry particles
// (초점을, 손실은): Pagefind splits Korean on spaces and matches every query word as a prefix, so
// `초점` finds `초점을`. The queries below must put the named chapter FIRST; the chapters are
// found by their number, so a renamed file does not break the test.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import {
    BOOK_DIR, EDITIONS, SCREENSHOT_DIR, bookSession, chapterFile, chapters, report, searchFor,
} from './lib.mjs';

/** Query → the chapter (file-name prefix) that must be the first result. */
const QUERIES = {
    ko: [
        ['초점', 'ch06'],
        ['교차 엔트로피', 'ch04'],
        ['역전파', 'ch07'],
        ['쿨백', 'ch03'],
        ['잔차', 'ch02'],
    ],
    en: [
        ['focal', 'ch06'],
        ['gradient', 'ch07'],
        ['divergence', 'ch03'],
    ],
};

const session = bookSession();

describe('the search box finds the right chapter first', () => {
    for (const edition of EDITIONS) {
        test(`${edition}: ${QUERIES[edition].map(([q]) => q).join(', ')}`, async (t) => {
            const page = await session.watched.context.newPage();
            try {
                // Search from a chapter that is none of the expected answers.
                await page.goto(`${session.server.origin}/${edition}/${chapterFile(edition, 'ch01')}`);
                const wrong = [];
                for (const [query, prefix] of QUERIES[edition]) {
                    const expected = `/${edition}/${chapterFile(edition, prefix)}`;
                    const results = await searchFor(page, query);
                    t.diagnostic(`${query} → ${results.slice(0, 3).map((r) => r.split('/').pop()).join(', ')}`);
                    if (results[0] !== expected) {
                        wrong.push(`${query}: first ${results[0] ?? 'nothing'}, want ${expected} (${results.slice(0, 4).join(', ')})`);
                    }
                }
                await page.screenshot({ path: join(SCREENSHOT_DIR, `search-${edition}.png`) });
                // Results show the chapter's heading, not the book's title nor the ranking fields.
                const shown = await page.$$eval('#book-search li.pagefind-ui__result', (results) =>
                    results.map((r) => r.querySelector('.pagefind-ui__result-title')?.textContent.trim()
                        + (r.querySelector('.pagefind-ui__result-tags') ? ' [tags]' : '')));
                for (const title of shown) {
                    if (/\[tags\]|Loss Functions, Verified$|검증하며 읽기$/.test(title)) wrong.push(`result shown as "${title}"`);
                }
                // Following the first result lands on its chapter.
                const [query, prefix] = QUERIES[edition][0];
                await searchFor(page, query);
                const before = new URL(page.url()).pathname;
                await page.click('#book-search li.pagefind-ui__result a.pagefind-ui__result-link >> nth=0');
                await page.waitForURL((url) => url.pathname !== before);
                const landed = new URL(page.url()).pathname;
                wrong.push(...session.watched.problems(page));
                assert.deepEqual(wrong, [], report(`${edition} search`, wrong));
                assert.equal(landed, `/${edition}/${chapterFile(edition, prefix)}`);
            } finally {
                await page.close();
            }
        });
    }
});

const squash = (text) => text.replace(/\s+/g, ' ').trim();

/** The TeX source of the formulas of a built page (KaTeX keeps it in the MathML annotation),
 *  the longer ones only: a short one (`p_t`) may well be written in the prose or code too. */
function texOf(url) {
    const html = readFileSync(join(BOOK_DIR, url), 'utf8');
    const entities = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
    return [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)]
        .map((m) => squash(m[1].replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => entities[e])))
        .filter((source) => source.length >= 16);
}

describe('the index holds what a reader reads, per edition', () => {
    for (const edition of EDITIONS) {
        test(`${edition}: chapters only, no KaTeX markup, no other edition`, async () => {
            const page = await session.watched.context.newPage();
            try {
                await page.goto(`${session.server.origin}/${edition}/${chapterFile(edition, 'ch01')}`);
                const pages = await page.evaluate(async (edition) => {
                    const pagefind = await import(`/${edition}/pagefind/pagefind.js`);
                    await pagefind.init();
                    // An empty query with no filter lists every indexed page.
                    const all = await pagefind.search(null);
                    return Promise.all(all.results.map(async (r) => {
                        const data = await r.data();
                        return { url: data.url, title: data.meta.title, content: data.content };
                    }));
                }, edition);
                const expected = chapters(edition).map((name) => `/${edition}/${name}`).sort();
                assert.deepEqual(pages.map((p) => p.url).sort(), expected);
                const problems = [];
                for (const { url, title, content } of pages) {
                    // KaTeX's HTML puts zero-width spaces between glyph boxes; its MathML carries the TeX.
                    if (content.includes('\u200b')) problems.push(`${url}: KaTeX glyph text indexed`);
                    const text = squash(content);
                    const tex = texOf(url).find((source) => text.includes(source));
                    if (tex) problems.push(`${url}: TeX source of a formula indexed: ${tex}`);
                    if (!title || title.includes('Loss Functions, Verified') || title.includes('검증하며 읽기')) {
                        problems.push(`${url}: result title "${title}" is not the chapter's heading`);
                    }
                }
                problems.push(...session.watched.problems(page));
                assert.deepEqual(problems, [], report(`${edition} index`, problems));
            } finally {
                await page.close();
            }
        });
    }

    test('ko: a word is found with its particles (초점 → 초점을, 초점은, …)', async () => {
        const page = await session.watched.context.newPage();
        try {
            await page.goto(`${session.server.origin}/ko/${chapterFile('ko', 'ch01')}`);
            const forms = await page.evaluate(async () => {
                const pagefind = await import('/ko/pagefind/pagefind.js');
                await pagefind.init();
                const search = await pagefind.search('초점');
                const found = new Set();
                for (const result of search.results) {
                    const data = await result.data();
                    const words = data.content.split(/\s+/);
                    for (const at of result.words) found.add(words[at]?.replace(/[^\p{L}\p{N}]/gu, ''));
                }
                return [...found];
            });
            const withParticles = forms.filter((w) => w && w.startsWith('초점') && w !== '초점');
            assert.ok(withParticles.length > 0, `only ${forms.join(', ')} found`);
        } finally {
            await page.close();
        }
    });
});
