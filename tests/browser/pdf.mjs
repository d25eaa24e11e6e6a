// Prints each edition's print.html (mdBook's whole book on one page) to
// BOOK_DIR/<edition>/loss-functions-<edition>.pdf with headless Chromium: A4, the math in KaTeX's
// fonts and Hangul in Noto CJK (Chromium embeds the subsets it uses), a table of contents at the
// front (linked, and the PDF's outline for a reader's sidebar), the book's title at the top of
// every page and the page number at the bottom. Run by `cargo xtask pdf` (xtask/src/site/pdf.rs),
// which serves the book at BOOK_URL; prints one line per PDF: `<path> <pages> <bytes>`.

import { statSync } from 'node:fs';
import { join } from 'node:path';

import { BOOK_DIR, EDITIONS, fontsSettled, launchBrowser, serveBook } from './lib.mjs';

/** The table of contents' heading and the page-number words, per edition. */
const WORDS = {
    ko: { contents: '차례', page: (n, total) => `${n} / ${total}` },
    en: { contents: 'Contents', page: (n, total) => `${n} / ${total}` },
};

const server = await serveBook();
const browser = await launchBrowser();
try {
    for (const edition of EDITIONS) {
        const page = await browser.newPage();
        // print.html opens the print dialog once loaded; here Chromium prints to PDF instead.
        await page.addInitScript(() => {
            window.print = () => {};
        });
        await page.emulateMedia({ media: 'print' });
        await page.goto(`${server.origin}/${edition}/print.html`, { waitUntil: 'networkidle' });
        await fontsSettled(page);
        const title = await page.evaluate((contents) => {
            // A table of contents before the first chapter: every chapter's heading, linked
            // (Chromium keeps in-document links in the PDF).
            const main = document.querySelector('main');
            const nav = document.createElement('nav');
            nav.setAttribute('aria-label', contents);
            nav.className = 'pdf-contents';
            nav.innerHTML = `<h1>${contents}</h1><ol></ol>`;
            for (const heading of main.querySelectorAll('h1[id]')) {
                const item = document.createElement('li');
                const link = document.createElement('a');
                link.href = `#${heading.id}`;
                link.textContent = heading.textContent.trim();
                item.append(link);
                nav.querySelector('ol').append(item);
            }
            const style = document.createElement('style');
            style.textContent = `
                .pdf-contents { break-after: page; }
                .pdf-contents ol { list-style: none; padding: 0; font-size: 1.15em; line-height: 2; }
                .pdf-contents a { color: inherit; text-decoration: none; }
                @page { size: A4; }`;
            document.head.append(style);
            main.prepend(nav);
            return document.querySelector('.menu-title')?.textContent.trim() ?? document.title;
        }, WORDS[edition].contents);
        const small = 'font-family: "Noto Sans CJK KR", "Noto Sans", sans-serif; font-size: 8px; color: #555; width: 100%; margin: 0 16mm;';
        const path = join(BOOK_DIR, edition, `loss-functions-${edition}.pdf`);
        await page.pdf({
            path,
            format: 'A4',
            margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
            displayHeaderFooter: true,
            headerTemplate: `<div style='${small} text-align: left;'>${title}</div>`,
            footerTemplate: `<div style='${small} text-align: center;'>${WORDS[edition].page('<span class="pageNumber"></span>', '<span class="totalPages"></span>')}</div>`,
            outline: true,
            tagged: true,
        });
        await page.close();
        console.log(`${path} ${statSync(path).size}`);
    }
} finally {
    await browser.close();
    await server.close();
}
