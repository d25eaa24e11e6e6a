// The search box's query rewriting (assets/search/query.mjs) on its own, with small term tables,
// and with each edition's real terms.json from the built book.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { preparer, squash } from '../../assets/search/query.mjs';
import { BOOK_DIR, EDITIONS } from './lib.mjs';

const ko = preparer({
    terms: ['초점 손실', 'KL 발산', '정의', '기울기'],
    words: ['쿨백-라이블러'],
    variants: [['포컬 로스', '초점 손실', false], ['focal loss', '초점 손실', false], ['FL', '초점 손실', false], ['확인', '검증', true]],
    particles: ['에서는', '을', '의', '는'],
    spelling: [],
});

test('a variant becomes the term; the book\'s own word is kept beside it', () => {
    assert.equal(ko('포컬 로스'), '초점 손실');
    assert.equal(ko('Focal Loss 기울기'), '초점 손실 기울기');
    assert.equal(ko('FL'), '초점 손실');
    assert.equal(ko('확인'), '확인 검증');
});

test('compounds typed joined or spaced are the book\'s spelling', () => {
    assert.equal(ko('초점손실'), '초점 손실');
    assert.equal(ko('포컬로스'), '초점 손실');
    assert.equal(ko('쿨백 라이블러'), '쿨백-라이블러');
    assert.equal(squash('Kullback–Leibler'), squash('kullback leibler'));
});

test('a particle after a term goes; other words keep theirs', () => {
    assert.equal(ko('KL 발산의'), 'KL 발산');
    assert.equal(ko('초점손실을'), '초점 손실');
    assert.equal(ko('정의'), '정의'); // 의 ends the word, not a particle: 정 is no term
    assert.equal(ko('손실에서는'), '손실에서는');
    assert.equal(ko('  초점   손실을  '), '초점 손실');
});

test('British spelling in the English edition', () => {
    const en = preparer({
        terms: ['cross-entropy'],
        words: ['cross-entropy'],
        variants: [],
        particles: [],
        spelling: [['^(\\p{L}{3,}i)z(e|es|ed|er|ers|ing|ation|ations)$', '$1s$2']],
    });
    assert.equal(en('normalize by positives'), 'normalise by positives');
    assert.equal(en('Optimization'), 'Optimisation');
    assert.equal(en('size prize'), 'size prize');
    assert.equal(en('cross entropy'), 'cross-entropy');
});

for (const edition of EDITIONS) {
    test(`${edition}: the built terms.json rewrites what the terminology says`, () => {
        const data = JSON.parse(readFileSync(join(BOOK_DIR, edition, 'search', 'terms.json'), 'utf8'));
        const prepare = preparer(data);
        const cases = edition === 'ko'
            // The Korean edition writes the English term at its first use, 역전파(backpropagation), so a
            // reader's English word is a word of the book too and is kept beside the Korean term.
            ? [['포컬 로스', '초점 손실'], ['교차엔트로피를', '교차 엔트로피'], ['backpropagation', 'backpropagation 역전파']]
            : [['crossentropy', 'cross-entropy'], ['relative entropy', 'KL divergence'], ['backprop', 'backpropagation']];
        for (const [typed, searched] of cases) assert.equal(prepare(typed), searched, typed);
    });
}
