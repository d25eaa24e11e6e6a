// The PDFs (`cargo xtask pdf`, tests/browser/pdf.mjs), read back with poppler (pdftotext,
// pdffonts, pdfinfo): for each edition, every chapter's title is in the text in reading order;
// the Korean edition's text is Korean; every chapter's display formulas are there (each chapter
// has formulas whose glyphs pdftotext finds together in one place: the same characters as the
// page's typeset formula, in any order, since stacked parts such as fractions come out line by
// line); the math is set in KaTeX's fonts and every font is embedded; the PDF has a table of
// contents (its first page lists the chapters) and page numbers ("n / total" in the footer).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';

import {
    BOOK_DIR, EDITIONS, bookSession, report,
} from './lib.mjs';

const session = bookSession({ watch: false });

const poppler = (tool, ...args) => execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 }).toString();
const squash = (text) => text.replace(/[\s\u200b]+/gu, '');

/** Whether some run of `text` as long as `glyphs` holds exactly its characters (in any order). */
function foundTogether(text, glyphs) {
    const need = new Map();
    for (const c of glyphs) need.set(c, (need.get(c) ?? 0) + 1);
    const have = new Map();
    const chars = [...text];
    const n = [...glyphs].length;
    let unmatched = need.size;
    let foreign = 0;
    const count = (c, d) => {
        if (!need.has(c)) {
            foreign += d;
            return;
        }
        const was = (have.get(c) ?? 0) === need.get(c);
        have.set(c, (have.get(c) ?? 0) + d);
        const is = have.get(c) === need.get(c);
        if (was && !is) unmatched += 1;
        if (!was && is) unmatched -= 1;
    };
    for (let i = 0; i < chars.length; i += 1) {
        count(chars[i], 1);
        if (i >= n) count(chars[i - n], -1);
        if (i >= n - 1 && unmatched === 0 && foreign === 0) return true;
    }
    return false;
}

for (const edition of EDITIONS) {
    test(`${edition}: the PDF has every chapter, its formulas, Korean text, embedded fonts, contents and page numbers`, async (t) => {
        const pdf = join(BOOK_DIR, edition, `loss-functions-${edition}.pdf`);
        assert.ok(existsSync(pdf), `${pdf} is missing: \`cargo xtask pdf\` prints it`);
        const pages = Number(poppler('pdfinfo', pdf).match(/^Pages:\s+(\d+)/m)?.[1]);
        t.diagnostic(`${pdf}: ${pages} pages, ${(statSync(pdf).size / 1e6).toFixed(1)} MB`);
        const text = poppler('pdftotext', pdf, '-');
        const flat = squash(text);
        const problems = [];

        // What the PDF must hold, from the print page it was printed from.
        const page = await session.browser.newPage();
        await page.goto(`${session.server.origin}/${edition}/print.html`);
        const chapters = await page.evaluate(() => {
            const out = [];
            for (const el of document.querySelectorAll('main h1, main .katex-display .katex-html')) {
                if (el.matches('h1')) out.push({ title: el.textContent.trim(), formulas: [] });
                else out.at(-1)?.formulas.push(el.textContent);
            }
            return out;
        });
        await page.close();
        assert.ok(chapters.length >= 10, `${chapters.length} chapters in print.html`);

        // Chapter titles in order, after the table of contents on page 1. Compared by their
        // letters only: pdftotext may put a heading's number or a bracket on another line.
        const letters = (s) => s.replace(/[^\p{L}]+/gu, '');
        const contents = letters(poppler('pdftotext', '-f', '1', '-l', '1', pdf, '-'));
        const body = letters(text);
        let at = body.indexOf(contents) + contents.length;
        for (const { title } of chapters) {
            // Each word: pdftotext may set a run in another font (`3. KL`) apart from the rest.
            const missing = title.split(/[^\p{L}]+/u).filter((word) => word && !contents.includes(word));
            if (missing.length) problems.push(`contents (page 1) do not list "${title}" (${missing.join(', ')})`);
            const found = body.indexOf(letters(title), at);
            if (found < 0) problems.push(`chapter title "${title}" not found after the previous one`);
            else at = found + 1;
        }
        // Formulas: each chapter with display formulas has most of them in the text.
        let formulas = 0;
        let found = 0;
        for (const { title, formulas: list } of chapters) {
            const hits = list.filter((glyphs) => foundTogether(flat, squash(glyphs))).length;
            formulas += list.length;
            found += hits;
            if (list.length && hits === 0) problems.push(`no display formula of "${title}" found (${list.length} in the chapter)`);
        }
        t.diagnostic(`display formulas found with all their glyphs together: ${found}/${formulas}`);
        if (found < formulas / 2) problems.push(`only ${found} of ${formulas} display formulas found`);
        // Korean text.
        const hangul = (text.match(/[\uAC00-\uD7A3]/gu) ?? []).length;
        t.diagnostic(`Hangul syllables: ${hangul}`);
        if (edition === 'ko' && hangul < 10_000) problems.push(`only ${hangul} Hangul syllables in the Korean PDF`);
        // Page numbers in the footer of every page: "n / total".
        for (const n of [1, Math.ceil(pages / 2), pages]) {
            const onPage = poppler('pdftotext', '-f', String(n), '-l', String(n), pdf, '-');
            if (!onPage.includes(`${n} / ${pages}`)) problems.push(`page ${n} has no "${n} / ${pages}"`);
        }
        // Fonts: all embedded, the math in KaTeX's, Hangul in Noto CJK (Type 3 in Chromium's PDFs).
        const fonts = poppler('pdffonts', pdf).split('\n').slice(2).filter(Boolean);
        for (const line of fonts) {
            const columns = line.trim().split(/\s+/);
            if (columns.at(-5) !== 'yes') problems.push(`font not embedded: ${line}`);
        }
        for (const family of ['KaTeX_Main-Regular', 'KaTeX_Math-Italic']) {
            if (!fonts.some((line) => line.includes(family))) problems.push(`no ${family} in the PDF's fonts`);
        }
        t.diagnostic(`${fonts.length} fonts, all embedded: ${problems.every((p) => !p.startsWith('font not embedded'))}`);
        assert.deepEqual(problems, [], report(pdf, problems));
    });
}
