// The search box's query in the book's own words, before Pagefind sees it (Pagefind UI's
// `processTerm`, theme/header.hbs). `cargo xtask build` copies this file to
// book/<language>/search/query.mjs next to terms.json, written from src/terminology.toml by
// xtask/src/site/search_terms.rs, which explains each rewrite: variants a reader types for a term
// (포컬 로스, cross entropy) become the term, and the book's own abbreviations (CE, FL) are
// searched with it; compounds typed joined or spaced become the
// book's spelling; a Korean particle after a term is dropped; American -ize becomes -ise in the
// English edition. Everything else is left as typed.

/** Lower case without spaces, hyphens and dashes: `초점손실`, `초점 손실` and `Kullback–Leibler`
 *  vs `kullback leibler` compare equal. */
export function squash(text) {
    return text.toLowerCase().replace(/[\s\-\u2010-\u2015]+/gu, '');
}

/** The longest run of query words looked up as one term. */
const MAX_WORDS = 5;

/** A function rewriting a query with `data` (the parsed terms.json). */
export function preparer(data) {
    const lookup = new Map();
    const add = (form, output) => {
        const key = squash(form);
        if (key && !lookup.has(key)) lookup.set(key, output);
    };
    // The book's own spellings first: a term typed as written stays as written.
    for (const term of data.terms) add(term, term);
    for (const word of data.words) add(word, word);
    // A variant the chapters use as a word of their own is searched as typed and as the term.
    for (const [variant, term, ownWord] of data.variants) add(variant, ownWord ? [variant, term] : term);
    const particles = [...data.particles].sort((a, b) => b.length - a.length);
    const spelling = data.spelling.map(([pattern, replacement]) => [new RegExp(pattern, 'iu'), replacement]);

    /** The book's form of `words` (a run of query words), or undefined. */
    function termOf(words) {
        const typed = words.join(' ');
        const found = lookup.get(squash(typed));
        if (found !== undefined) return found;
        for (const particle of particles) {
            if (typed.length > particle.length && typed.endsWith(particle)) {
                const bare = lookup.get(squash(typed.slice(0, -particle.length)));
                if (bare !== undefined) return bare;
            }
        }
        return undefined;
    }

    return (query) => {
        const words = query.trim().split(/\s+/u).filter(Boolean);
        const out = [];
        for (let at = 0; at < words.length;) {
            let taken = 0;
            for (let n = Math.min(MAX_WORDS, words.length - at); n >= 1 && !taken; n -= 1) {
                const term = termOf(words.slice(at, at + n));
                if (term !== undefined) {
                    out.push(...[term].flat());
                    taken = n;
                }
            }
            if (!taken) {
                let word = words[at];
                for (const [pattern, replacement] of spelling) word = word.replace(pattern, replacement);
                out.push(word);
                taken = 1;
            }
            at += taken;
        }
        return out.join(' ');
    };
}

/** Loads terms.json from `url` and returns the rewriting function. */
export async function loadPreparer(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return preparer(await response.json());
}
