// Search quality as a measured property: the held-out queries of search-queries.json, written the
// way readers type them, each with the chapter that must come first. For each edition the share of
// queries whose chapter is the first result is printed, broken down by class of query, written to
// SCREENSHOT_DIR/search-quality.json, and must reach `min_share`. Each query's margin is reported
// too, not enforced: the log of the ratio of Pagefind's score for its chapter to the best other
// result's (positive when its chapter is first; how far a change of ranking is from flipping it),
// with the 10th percentile per edition.
//
// The queries run through what the search box runs: the search box is opened and used once (so
// Pagefind's UI has loaded and configured the edition's Pagefind module with the book's ranking),
// then every query is rewritten by the box's own `processTerm` (search/query.mjs) and goes to that
// same module (an ES module is loaded once per URL, so importing it again returns the UI's
// instance). A few queries are also typed into the box, and the box must agree with the module on
// the first result.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';

import {
    EDITIONS, SCREENSHOT_DIR, bookSession, chapterFile, report, searchFor,
} from './lib.mjs';

const QUERIES = JSON.parse(readFileSync(new URL('./search-queries.json', import.meta.url), 'utf8'));

const measured = {};

const session = bookSession();

after(() => {
    writeFileSync(join(SCREENSHOT_DIR, 'search-quality.json'), `${JSON.stringify(measured, null, 2)}\n`);
});

/** How many results of each query are read (for the margin, the chapter's score if it is not first). */
const READ_RESULTS = 10;

/** The first results (`[URL path, score]`) of every query, from the search box's own Pagefind module. */
async function rankAll(page, edition, queries) {
    return page.evaluate(async ({ edition, queries, readResults }) => {
        const bundle = new URL(`/${edition}/pagefind/`, document.baseURI).href;
        const pagefind = await import(`${bundle}pagefind.js`);
        // The search box's `processTerm` (theme/header.hbs): the query in the book's own words.
        const terms = new URL(`/${edition}/search/`, document.baseURI).href;
        const prepare = await (await import(`${terms}query.mjs`)).loadPreparer(`${terms}terms.json`);
        const ranked = [];
        for (const query of queries) {
            const search = await pagefind.search(prepare(query));
            const top = search.results.slice(0, readResults);
            const data = await Promise.all(top.map((r) => r.data()));
            ranked.push(data.map((d, i) => [new URL(d.url, document.baseURI).pathname, top[i].score]));
        }
        return ranked;
    }, { edition, queries, readResults: READ_RESULTS });
}

/** ln(score of `expected` / score of the best other result): > 0 when `expected` is first, -Infinity when it is not among the results read. */
function margin(results, expected) {
    const own = results.find(([path]) => path === expected);
    const other = results.find(([path]) => path !== expected);
    if (!own) return -Infinity;
    if (!other) return Infinity;
    return Math.log(own[1] / other[1]);
}

/** The value below which a tenth of `values` lie (the lower nearest rank). */
function tenthPercentile(values) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 10)];
}

for (const edition of EDITIONS) {
    test(`${edition}: held-out queries put their chapter first`, async (t) => {
        const cases = QUERIES[edition];
        assert.ok(cases?.length >= 40, `search-queries.json has ${cases?.length ?? 0} ${edition} queries, want ≥ 40`);
        const page = await session.watched.context.newPage();
        try {
            await page.goto(`${session.server.origin}/${edition}/${chapterFile(edition, 'ch01')}`);
            // Through the search box: loads Pagefind's UI and its module with the book's options.
            const typed = [cases[0], cases[Math.floor(cases.length / 2)], cases[cases.length - 1]];
            const viaBox = [];
            for (const { query } of typed) viaBox.push((await searchFor(page, query))[0]);
            const ranked = await rankAll(page, edition, cases.map((c) => c.query));
            const disagree = typed
                .map(({ query }, i) => [query, viaBox[i], ranked[cases.findIndex((c) => c.query === query)][0]?.[0]])
                .filter(([, box, module]) => box !== module)
                .map(([query, box, module]) => `${query}: the search box shows ${box} first, the module ${module}`);

            const failures = [];
            const byClass = {};
            const margins = {};
            cases.forEach(({ query, chapter, class: kind }, i) => {
                const expected = `/${edition}/${chapterFile(edition, chapter)}`;
                const hit = ranked[i][0]?.[0] === expected;
                margins[query] = margin(ranked[i], expected);
                byClass[kind] ??= { hits: 0, queries: 0 };
                byClass[kind].queries += 1;
                if (hit) byClass[kind].hits += 1;
                if (!hit) {
                    const shown = ranked[i].slice(0, 3).map(([p]) => p.split('/').pop().replace(/\.html$/, '')).join(', ') || 'nothing';
                    failures.push(`${query} [${kind}]: want ${chapter}, got ${shown}`);
                }
            });
            const hits = cases.length - failures.length;
            const share = hits / cases.length;
            const marginP10 = tenthPercentile(Object.values(margins));
            measured[edition] = { share, hits, queries: cases.length, byClass, failures, marginP10, margins };
            t.diagnostic(`${edition}: ${hits}/${cases.length} = ${(100 * share).toFixed(1)} % first (min ${100 * QUERIES.min_share} %)`);
            t.diagnostic(`  margin, 10th percentile: ${marginP10.toFixed(3)} (ln of the chapter's score over the best other's)`);
            const closest = Object.entries(margins).sort(([, a], [, b]) => a - b).slice(0, 5);
            t.diagnostic(`  smallest margins: ${closest.map(([q, m]) => `${q} ${m.toFixed(3)}`).join(', ')}`);
            for (const [kind, { hits: h, queries: n }] of Object.entries(byClass)) t.diagnostic(`  ${kind}: ${h}/${n}`);
            for (const failure of failures) t.diagnostic(`  miss: ${failure}`);
            const problems = [...disagree, ...session.watched.problems(page)];
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
