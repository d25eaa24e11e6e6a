// Search quality as a measured property: the held-out queries of search-queries.json, written the
// way readers type them, each with the chapter that must come first. For each edition the share of
// queries whose chapter is the first result is printed, broken down by class of query, written to
// SCREENSHOT_DIR/search-quality.json, and must reach `min_share`.
//
// The queries run through what the search box runs: the search box is opened and used once (so
// Pagefind's UI has loaded and configured the edition's Pagefind module with the book's ranking),
// then every query is rewritten by the box's own `processTerm` (search/query.mjs) and goes to that
// same module (an ES module is loaded once per URL, so importing it again returns the UI's
// instance). A few queries are also typed into the box, and the box must agree with the module on
// the first result.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
    EDITIONS, SCREENSHOT_DIR, chapterFile, launchBrowser, report, searchFor, serveBook, watchedContext,
} from './lib.mjs';

const QUERIES = JSON.parse(readFileSync(new URL('./search-queries.json', import.meta.url), 'utf8'));

let server;
let browser;
let watched;
const measured = {};

before(async () => {
    server = await serveBook();
    browser = await launchBrowser();
    watched = await watchedContext(browser);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

after(async () => {
    await browser?.close();
    await server?.close();
    writeFileSync(join(SCREENSHOT_DIR, 'search-quality.json'), `${JSON.stringify(measured, null, 2)}\n`);
});

/** The first results (URL paths) of every query, from the search box's own Pagefind module. */
async function rankAll(page, edition, queries) {
    return page.evaluate(async ({ edition, queries }) => {
        const bundle = new URL(`/${edition}/pagefind/`, document.baseURI).href;
        const pagefind = await import(`${bundle}pagefind.js`);
        // The search box's `processTerm` (theme/header.hbs): the query in the book's own words.
        const terms = new URL(`/${edition}/search/`, document.baseURI).href;
        const prepare = await (await import(`${terms}query.mjs`)).loadPreparer(`${terms}terms.json`);
        const ranked = [];
        for (const query of queries) {
            const search = await pagefind.search(prepare(query));
            const top = await Promise.all(search.results.slice(0, 3).map((r) => r.data()));
            ranked.push(top.map((data) => new URL(data.url, document.baseURI).pathname));
        }
        return ranked;
    }, { edition, queries });
}

for (const edition of EDITIONS) {
    test(`${edition}: held-out queries put their chapter first`, async (t) => {
        const cases = QUERIES[edition];
        assert.ok(cases?.length >= 40, `search-queries.json has ${cases?.length ?? 0} ${edition} queries, want ≥ 40`);
        const page = await watched.context.newPage();
        try {
            await page.goto(`${server.origin}/${edition}/${chapterFile(edition, 'ch01')}`);
            // Through the search box: loads Pagefind's UI and its module with the book's options.
            const typed = [cases[0], cases[Math.floor(cases.length / 2)], cases[cases.length - 1]];
            const viaBox = [];
            for (const { query } of typed) viaBox.push((await searchFor(page, query))[0]);
            const ranked = await rankAll(page, edition, cases.map((c) => c.query));
            const disagree = typed
                .map(({ query }, i) => [query, viaBox[i], ranked[cases.findIndex((c) => c.query === query)][0]])
                .filter(([, box, module]) => box !== module)
                .map(([query, box, module]) => `${query}: the search box shows ${box} first, the module ${module}`);

            const failures = [];
            const byClass = {};
            cases.forEach(({ query, chapter, class: kind }, i) => {
                const expected = `/${edition}/${chapterFile(edition, chapter)}`;
                const hit = ranked[i][0] === expected;
                byClass[kind] ??= { hits: 0, queries: 0 };
                byClass[kind].queries += 1;
                if (hit) byClass[kind].hits += 1;
                if (!hit) {
                    const shown = ranked[i].map((p) => p.split('/').pop().replace(/\.html$/, '')).join(', ') || 'nothing';
                    failures.push(`${query} [${kind}]: want ${chapter}, got ${shown}`);
                }
            });
            const hits = cases.length - failures.length;
            const share = hits / cases.length;
            measured[edition] = { share, hits, queries: cases.length, byClass, failures };
            t.diagnostic(`${edition}: ${hits}/${cases.length} = ${(100 * share).toFixed(1)} % first (min ${100 * QUERIES.min_share} %)`);
            for (const [kind, { hits: h, queries: n }] of Object.entries(byClass)) t.diagnostic(`  ${kind}: ${h}/${n}`);
            for (const failure of failures) t.diagnostic(`  miss: ${failure}`);
            const problems = [...disagree, ...watched.problems(page)];
            assert.deepEqual(problems, [], report(`${edition} search box`, problems));
            assert.ok(
                share >= QUERIES.min_share,
                report(`${edition}: ${hits}/${cases.length} queries put their chapter first, below ${100 * QUERIES.min_share} %`, failures),
            );
        } finally {
            await page.close();
        }
    });
}
