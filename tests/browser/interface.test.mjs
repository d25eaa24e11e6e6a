// The interface speaks the edition's language: in the Korean edition every label a reader sees or
// hears (admonition labels, the titles and aria-labels of the menu bar, sidebar, theme menu,
// chapter navigation and code-block buttons, the search box's placeholder and messages, the 404
// page) is Korean; in the English edition none is. mdBook writes them in English; the page pass
// translates them (xtask/src/site/interface.rs), and Pagefind's UI picks its language from
// `<html lang>`.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
    EDITIONS, bookSession, chapterFile, report, searchFor,
} from './lib.mjs';

/** Proper names that stay as they are in every edition: mdBook's theme names, Jupyter, and the
 *  language switch, which names the other language in that language. */
const NAMES = new Set(['Rust', 'Coal', 'Navy', 'Ayu', 'Jupyter', 'English', '한국어', 'Language / 언어']);
const HANGUL = /[\u3130-\u318F\uAC00-\uD7A3]/u;

const session = bookSession();

/** Every interface string of the page: titles, aria-labels, placeholders, button and menu texts,
 *  admonition labels (with where each was found). */
async function interfaceStrings(page) {
    return page.evaluate(() => {
        const found = [];
        const add = (where, text) => {
            const t = (text ?? '').replace(/\s+/g, ' ').trim();
            if (t) found.push([where, t]);
        };
        for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
            // Inside the text, only controls are interface (a link's title there is the author's).
            if (el.closest('main') && !el.closest('button, .buttons, input, .blockquote-tag-title')) continue;
            const name = `<${el.localName}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}>`;
            add(`${name} title`, el.getAttribute('title'));
            add(`${name} aria-label`, el.getAttribute('aria-label'));
            add(`${name} placeholder`, el.getAttribute('placeholder'));
        }
        for (const el of document.querySelectorAll('.theme-popup button, .blockquote-tag-title, #book-search button, #book-search .pagefind-ui__message')) {
            add(`<${el.localName}.${el.className.split(' ')[0]}> text`, el.textContent);
        }
        return found;
    });
}

/** Strings of `strings` not in `edition`'s language. */
function foreign(edition, strings) {
    return strings
        .filter(([, text]) => !NAMES.has(text))
        .filter(([, text]) => (edition === 'ko' ? !HANGUL.test(text) : HANGUL.test(text)))
        .map(([where, text]) => `${where}: "${text}"`);
}

for (const edition of EDITIONS) {
    test(`${edition}: every interface label is in the edition's language`, async () => {
        const page = await session.watched.context.newPage();
        try {
            // The focal-loss chapter has admonitions of two kinds and code blocks with hidden lines.
            await page.goto(`${session.server.origin}/${edition}/${chapterFile(edition, 'ch06')}`, { waitUntil: 'load' });
            assert.equal(await page.getAttribute('html', 'lang'), edition);
            await page.click('#mdbook-theme-toggle'); // the theme menu's items
            await page.keyboard.press('Escape');
            await searchFor(page, edition === 'ko' ? '초점' : 'focal');
            const strings = await interfaceStrings(page);
            const labels = strings.filter(([where]) => where.includes('blockquote-tag-title')).map(([, t]) => t);
            assert.ok(labels.length >= 2, `admonition labels: ${labels.join(', ')}`);
            for (const where of ['mdbook-theme-toggle', 'clip-button', 'pagefind-ui__search-input', 'pagefind-ui__message']) {
                assert.ok(strings.some(([w]) => w.includes(where)), `no ${where} found: ${strings.map(([w]) => w).join(', ')}`);
            }
            const problems = [...foreign(edition, strings), ...session.watched.problems(page)];
            assert.deepEqual(problems, [], report(`${edition}: labels not in its language`, problems));
        } finally {
            await page.close();
        }
    });

    test(`${edition}: the 404 page is in the edition's language`, async () => {
        const page = await session.watched.context.newPage();
        try {
            await page.goto(`${session.server.origin}/${edition}/404.html`, { waitUntil: 'load' });
            const texts = await page.evaluate(() => [
                ['<title>', document.title.split(' - ')[0]],
                ['<h1>', document.querySelector('main h1')?.textContent ?? ''],
                ['<p>', document.querySelector('main p')?.textContent ?? ''],
            ]);
            const problems = foreign(edition, texts);
            assert.deepEqual(problems, [], report(`${edition}/404.html`, problems));
        } finally {
            await page.close();
        }
    });
}
